-- Dimension: one row per user who played a song, with the name, gender and level of their latest event
-- (any page; ties on ts broken by the later item in the session).
with latest as (
    select
        user_id,
        first_name,
        last_name,
        gender,
        level,
        row_number() over (partition by user_id order by ts desc, item_in_session desc) as recency
    from "main"."event_staging"
    where user_id <> ''
)
select user_id, first_name, last_name, gender, level
from latest
where recency = 1
    and user_id in (select user_id from "main"."nextsong_event")
