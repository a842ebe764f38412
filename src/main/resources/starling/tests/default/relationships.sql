-- relationships: every non-NULL ${column_name} in ${model} exists as ${field} in ${to}
select child.${column_name} as missing_key, count(*) as occurrences
from ${model} as child
left join ${to} as parent on child.${column_name} = parent.${field}
where child.${column_name} is not null
  and parent.${field} is null
group by child.${column_name}
