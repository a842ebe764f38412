-- Dimension: one row per user who played a song, with the name, gender and level of their latest event
-- (any page; ties on ts broken by the later item in the session, see user_latest_event).
select user_id, first_name, last_name, gender, level
from "main"."user_latest_event"
where played = 1
