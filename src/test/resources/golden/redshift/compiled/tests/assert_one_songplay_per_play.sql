-- Every NextSong event gives exactly one songplay row: no play is lost by the song lookup, and none is
-- doubled when song_data holds the same song twice. Returns a row (fails) when the counts differ.
select plays.n as nextsong_events, facts.n as songplay_rows
from (select count(*) as n from "public"."nextsong_event") as plays
cross join (select count(*) as n from "public"."songplay") as facts
where plays.n <> facts.n
