-- Dimension: one row per artist_id. Song files may disagree about an artist: prefer a record that has a
-- location, then the smallest song_id (then name, location and coordinates, so the order is total). An empty
-- location becomes NULL.
-- Incremental by batch: the artists the new song files name are ranked again from every record of them.
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
            order by case when nullif(artist_location, '') is null then 1 else 0 end, song_id, artist_name,
                artist_location, artist_latitude, artist_longitude
        ) as pick
    from "main"."song_staging"
    where artist_id is not null
        and artist_id in (select artist_id from (select * from "main"."song_staging" where _starling_batch > /*starling:mark:source.sparkify.song_staging*/-1) as n)
) as ranked
where pick = 1
