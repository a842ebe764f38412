-- History of each user's level (SCD type 2): a user who moves between free and paid gets a new row, and the
-- previous row is closed (valid_to). The current row of each user has valid_to null.
select user_id, first_name, last_name, gender, level
from "public"."user"
