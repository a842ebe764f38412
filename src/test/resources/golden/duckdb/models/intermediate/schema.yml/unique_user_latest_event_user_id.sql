-- unique: user_id has no repeated value in "main"."user_latest_event"
select user_id as unique_value, count(*) as occurrences
from "main"."user_latest_event"
where user_id is not null
group by user_id
having count(*) > 1
