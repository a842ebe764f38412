-- Song plays: the NextSong events, with the event time as a timestamp (UTC, millisecond precision).
-- _starling_batch (the load that staged the event) passes through, so that models can read only the new
-- plays with new_rows(ref('nextsong_event')).
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
    user_agent,
    _starling_batch
from "main"."event_staging"
where page = 'NextSong'
