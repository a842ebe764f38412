-- accepted_values: level in "public"."user" is one of the listed values (NULLs are not checked)
select level as value, count(*) as occurrences
from "public"."user"
where level not in ('free', 'paid')
group by level
