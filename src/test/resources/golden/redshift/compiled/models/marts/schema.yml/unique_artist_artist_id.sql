-- unique: artist_id has no repeated value in "public"."artist"
select artist_id as unique_value, count(*) as occurrences
from "public"."artist"
where artist_id is not null
group by artist_id
having count(*) > 1
