-- relationships: every non-NULL artist_id in "public"."songplay" exists as artist_id in "public"."artist"
select child.artist_id as missing_key, count(*) as occurrences
from "public"."songplay" as child
left join "public"."artist" as parent on child.artist_id = parent.artist_id
where child.artist_id is not null
  and parent.artist_id is null
group by child.artist_id
