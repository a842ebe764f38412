-- transaction: build under a temporary name and swap it in
drop table if exists "public"."user__starling_tmp";
create table "public"."user__starling_tmp"
diststyle all
compound sortkey ("user_id")
as
-- Dimension: one row per user who played a song, with the name, gender and level of their latest event
-- (any page; ties on ts broken by the later item in the session, see user_latest_event).
select user_id, first_name, last_name, gender, level
from "public"."user_latest_event"
where played = 1;
drop table "public"."user";
alter table "public"."user__starling_tmp" rename to "user";
-- commit
