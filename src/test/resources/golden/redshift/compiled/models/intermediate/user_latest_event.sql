-- One row per logged-in user (any page): their latest event's ts, item_in_session and session_id, the name,
-- gender and level it carried, and whether they ever played a song (played = 1).
-- Latest: the largest (ts, item_in_session, session_id), then level, first_name, last_name and gender, so the
-- order is total and a rebuild picks the same event as the daily runs.
-- Incremental by batch: the new events of each user compete with the row kept for that user, so a late event
-- older than the kept one changes nothing, and "played" holds over the whole history.
with candidates as (
    select
        user_id, ts, item_in_session, session_id, first_name, last_name, gender, level,
        case when page = 'NextSong' then 1 else 0 end as played
    from "public"."event_staging" as e
    where user_id <> ''
),
ranked as (
    select
        *,
        row_number() over (
            partition by user_id
            order by ts desc, item_in_session desc, session_id desc, level desc, first_name desc, last_name desc,
                gender desc
        ) as recency,
        max(played) over (partition by user_id) as ever_played
    from candidates
)
select user_id, ts, item_in_session, session_id, first_name, last_name, gender, level, ever_played as played
from ranked
where recency = 1
