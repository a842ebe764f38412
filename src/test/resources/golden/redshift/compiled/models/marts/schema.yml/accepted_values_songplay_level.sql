-- accepted_values: level in "public"."songplay" is one of the listed values (NULLs are not checked)
select level as value, count(*) as occurrences
from "public"."songplay"
where level not in ('free', 'paid')
group by level
