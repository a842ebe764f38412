-- unique: ${column_name} has no repeated value in ${model}
select ${column_name} as unique_value, count(*) as occurrences
from ${model}
where ${column_name} is not null
group by ${column_name}
having count(*) > 1
