-- Every NextSong event gives exactly one songplay row: no play is lost by the song lookup, none is
-- doubled when song_data holds the same song twice, and an event delivered twice counts once.
-- Returns a row (fails) when the counts differ.
select plays.n as nextsong_events, facts.n as songplay_rows
from (
    select count(*) as n
    from (select distinct ts, user_id, session_id, item_in_session from "main"."nextsong_event") as events
) as plays
cross join (select count(*) as n from "main"."songplay") as facts
where plays.n <> facts.n
