-- The 10 most played artists (plays whose song is in song_data).
select a.name as artist, count(*) as plays
from "public"."songplay" as sp
join "public"."artist" as a on a.artist_id = sp.artist_id
group by a.artist_id, a.name
order by plays desc, a.name
limit 10
