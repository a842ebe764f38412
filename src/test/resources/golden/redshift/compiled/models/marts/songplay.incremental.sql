-- Fact: one row per song play. song_id and artist_id come from the song whose title, artist name and
-- duration equal the event's song, artist and length (the smallest song_id when several songs do),
-- and are NULL when no song does. songplay_id is a key derived from the event, stable across reloads.
-- An event delivered twice (in one batch or in two) is one play: of its copies, the first by level, song,
-- artist, length, location and user agent, whichever batch brought it.
-- Incremental by batch: a run computes the plays of the new events, and those whose song, artist and length
-- the new song files name (matched or not: a new song with a smaller song_id wins), from every copy of
-- those events; delete+insert by songplay_id replaces them.
with
new_songs as (
    select distinct title, artist_name, duration
    from (select * from "public"."song_staging" where _starling_batch > /*starling:mark:source.sparkify.song_staging*/-1) as s
),
affected as (
    select ts, user_id, session_id, item_in_session
    from (select * from "public"."nextsong_event" where _starling_batch > /*starling:mark:model.nextsong_event*/-1) as n
    union
    select e.ts, e.user_id, e.session_id, e.item_in_session
    from "public"."nextsong_event" as e
    join new_songs as s
        on s.title = e.song and s.artist_name = e.artist and s.duration = e.length
),
song_lookup as (
    select title, artist_name, duration, song_id, artist_id
    from (
        select
            title,
            artist_name,
            duration,
            song_id,
            artist_id,
            row_number() over (partition by title, artist_name, duration order by song_id, artist_id) as pick
        from "public"."song_staging"
    ) as ranked
    where pick = 1
),
events as (
    select *
    from (
        select
            e.*,
            row_number() over (
                partition by e.ts, e.user_id, e.session_id, e.item_in_session
                order by e.level, e.song, e.artist, e.length, e.location, e.user_agent
            ) as copy
        from "public"."nextsong_event" as e
        join affected as a
            on a.ts = e.ts and a.user_id = e.user_id and a.session_id = e.session_id
            and a.item_in_session = e.item_in_session
    ) as numbered
    where copy = 1
)
select
    md5(coalesce(cast(e.ts as varchar(65535)), '') || '|' || coalesce(cast(e.user_id as varchar(65535)), '') || '|' || coalesce(cast(e.session_id as varchar(65535)), '') || '|' || coalesce(cast(e.item_in_session as varchar(65535)), '')) as songplay_id,
    e.start_time,
    e.user_id,
    e.level,
    s.song_id,
    s.artist_id,
    e.session_id,
    e.location,
    e.user_agent
from events as e
left join song_lookup as s
    on s.title = e.song
    and s.artist_name = e.artist
    and s.duration = e.length
