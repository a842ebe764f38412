-- unique: songplay_id has no repeated value in "main"."songplay"
select songplay_id as unique_value, count(*) as occurrences
from "main"."songplay"
where songplay_id is not null
group by songplay_id
having count(*) > 1
