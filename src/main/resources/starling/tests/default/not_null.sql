-- not_null: ${column_name} is never NULL in ${model}
select *
from ${model}
where ${column_name} is null
