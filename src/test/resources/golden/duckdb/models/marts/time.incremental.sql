-- Dimension: one row per distinct song play time, broken into parts (weekday: 0 = Sunday). Every play
-- (a NextSong event) is a songplay row with the same start_time, so the times are read from the events.
-- Incremental by batch: the times of the new plays, delete+insert by start_time.
select distinct
    start_time,
    extract(hour from start_time) as hour,
    extract(day from start_time) as day,
    extract(week from start_time) as week,
    extract(month from start_time) as month,
    extract(year from start_time) as year,
    extract(dow from start_time) as weekday
from (select * from "main"."nextsong_event" where _starling_batch > /*starling:mark:model.nextsong_event*/-1) as e
