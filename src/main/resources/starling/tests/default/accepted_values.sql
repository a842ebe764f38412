-- accepted_values: ${column_name} in ${model} is one of the listed values (NULLs are not checked)
select ${column_name} as value, count(*) as occurrences
from ${model}
where ${column_name} not in (<#list values as value>${literal(value)}<#sep>, </#list>)
group by ${column_name}
