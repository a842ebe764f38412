-- not_null: song_id is never NULL in "main"."song"
select *
from "main"."song"
where song_id is null
