-- not_null: start_time is never NULL in "main"."time"
select *
from "main"."time"
where start_time is null
