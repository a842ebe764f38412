-- not_null: user_id is never NULL in "public"."user_latest_event"
select *
from "public"."user_latest_event"
where user_id is null
