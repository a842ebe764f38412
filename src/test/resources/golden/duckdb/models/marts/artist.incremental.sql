-- Dimension: one row per artist_id. Song files may disagree about an artist: prefer a record that has a
-- location, then the smallest song_id. An empty location becomes NULL.
select artist_id, name, location, latitude, longitude
from (
    select
        artist_id,
        artist_name as name,
        nullif(artist_location, '') as location,
        artist_latitude as latitude,
        artist_longitude as longitude,
        row_number() over (
            partition by artist_id
            order by case when nullif(artist_location, '') is null then 1 else 0 end, song_id
        ) as pick
    from "main"."song_staging"
    where artist_id is not null
) as ranked
where pick = 1
