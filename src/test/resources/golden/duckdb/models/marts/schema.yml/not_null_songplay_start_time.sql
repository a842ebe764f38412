-- not_null: start_time is never NULL in "main"."songplay"
select *
from "main"."songplay"
where start_time is null
