-- unique: songplay_id has no repeated value in "public"."songplay"
select songplay_id as unique_value, count(*) as occurrences
from "public"."songplay"
where songplay_id is not null
group by songplay_id
having count(*) > 1
