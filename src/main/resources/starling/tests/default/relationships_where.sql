-- relationships_where: every non-NULL ${column_name} in ${model} where ${from_condition!"1 = 1"} exists as ${field} in ${to} where ${to_condition!"1 = 1"}
select left_table.id as missing_key
from (
    select ${column_name} as id from ${model}
    where ${column_name} is not null and (${from_condition!"1 = 1"})
) as left_table
left join (
    select ${field} as id from ${to}
    where ${field} is not null and (${to_condition!"1 = 1"})
) as right_table on left_table.id = right_table.id
where right_table.id is null
