-- not_null: start_time is never NULL in "public"."songplay"
select *
from "public"."songplay"
where start_time is null
