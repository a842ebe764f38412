-- Song plays: the NextSong events, with the event time as a timestamp (UTC, millisecond precision).
select
    epoch_ms(ts) as start_time,
    ts,
    user_id,
    level,
    song,
    artist,
    length,
    session_id,
    item_in_session,
    location,
    user_agent
from "main"."event_staging"
where page = 'NextSong'
