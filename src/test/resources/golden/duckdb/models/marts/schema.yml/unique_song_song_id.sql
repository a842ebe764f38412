-- unique: song_id has no repeated value in "main"."song"
select song_id as unique_value, count(*) as occurrences
from "main"."song"
where song_id is not null
group by song_id
having count(*) > 1
