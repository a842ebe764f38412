-- transaction: build under a temporary name and swap it in
drop table if exists "public"."user__starling_tmp";
create table "public"."user__starling_tmp"
diststyle all
compound sortkey ("user_id")
as
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
    from "public"."event_staging"
    where user_id <> ''
)
select user_id, first_name, last_name, gender, level
from latest
where recency = 1
    and user_id in (select user_id from "public"."nextsong_event");
drop table "public"."user";
alter table "public"."user__starling_tmp" rename to "user";
-- commit
