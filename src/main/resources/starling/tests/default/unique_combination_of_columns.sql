-- unique_combination_of_columns: no two rows of ${model} have the same ${combination_of_columns?join(", ")}
select ${combination_of_columns?join(", ")}, count(*) as n_records
from ${model}
group by ${combination_of_columns?join(", ")}
having count(*) > 1
