-- not_null: artist_id is never NULL in "main"."song"
select *
from "main"."song"
where artist_id is null
