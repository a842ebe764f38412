-- unique: song_id has no repeated value in "public"."song"
select song_id as unique_value, count(*) as occurrences
from "public"."song"
where song_id is not null
group by song_id
having count(*) > 1
