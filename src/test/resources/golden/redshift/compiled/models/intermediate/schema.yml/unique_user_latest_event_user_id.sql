-- unique: user_id has no repeated value in "public"."user_latest_event"
select user_id as unique_value, count(*) as occurrences
from "public"."user_latest_event"
where user_id is not null
group by user_id
having count(*) > 1
