-- Song plays: the NextSong events, with the event time as a timestamp (UTC, millisecond precision).
-- _starling_batch (the load that staged the event) passes through, so that models can read only the new
-- plays with new_rows(ref('nextsong_event')).
select
    (timestamp 'epoch' + (ts) / 1000.0 * interval '1 second') as start_time,
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
from "public"."event_staging"
where page = 'NextSong'
