-- Each user in the level history has exactly one current row (valid_to is null).
select user_id, sum(case when valid_to is null then 1 else 0 end) as current_rows
from "public"."user_history"
group by user_id
having sum(case when valid_to is null then 1 else 0 end) <> 1
