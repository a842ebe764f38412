-- The 10 most played songs (plays whose song is in song_data).
select s.title, a.name as artist, count(*) as plays
from "public"."songplay" as sp
join "public"."song" as s on s.song_id = sp.song_id
join "public"."artist" as a on a.artist_id = s.artist_id
group by s.song_id, s.title, a.name
order by plays desc, s.title
limit 10
