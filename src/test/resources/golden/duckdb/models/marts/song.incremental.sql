-- Dimension: one row per song_id (song files may repeat a song); year 0 (unknown) becomes NULL.
-- Incremental by batch: the songs the new song files name are ranked again from every record of them.
select song_id, title, artist_id, year, duration
from (
    select
        song_id,
        title,
        artist_id,
        nullif(year, 0) as year,
        duration,
        row_number() over (partition by song_id order by title, artist_id, year, duration) as pick
    from "main"."song_staging"
    where song_id is not null
        and song_id in (select song_id from (select * from "main"."song_staging" where _starling_batch > /*starling:mark:source.sparkify.song_staging*/-1) as n)
) as ranked
where pick = 1
