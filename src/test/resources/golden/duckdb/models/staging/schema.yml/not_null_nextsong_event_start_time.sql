-- not_null: start_time is never NULL in "main"."nextsong_event"
select *
from "main"."nextsong_event"
where start_time is null
