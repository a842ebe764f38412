-- accepted_values: level in "main"."user" is one of the listed values (NULLs are not checked)
select level as value, count(*) as occurrences
from "main"."user"
where level not in ('free', 'paid')
group by level
