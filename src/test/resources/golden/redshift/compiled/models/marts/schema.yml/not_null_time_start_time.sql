-- not_null: start_time is never NULL in "public"."time"
select *
from "public"."time"
where start_time is null
