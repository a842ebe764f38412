-- not_null: user_id is never NULL in "main"."user_latest_event"
select *
from "main"."user_latest_event"
where user_id is null
