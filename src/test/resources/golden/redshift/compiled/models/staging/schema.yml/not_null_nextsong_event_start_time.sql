-- not_null: start_time is never NULL in "public"."nextsong_event"
select *
from "public"."nextsong_event"
where start_time is null
