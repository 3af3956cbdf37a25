"""Counts for 统计 kept by the database (issue 25): applications by office, day or month, 人员类别
and 审核状态; open positions and their 招收人数 by place and deadline day or month; favorites by
place; trainees (placements 已备案 or 已结束) by place and by unit; claim lines by place, kind and
state. Triggers keep them in step with every write; they are counted once here from the rows
already there. Written out as on 2026-12-03 (services.tallies makes the same).
"""
import peewee as pw
from peewee_migrate import Migrator

SQLITE = (
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_insert AFTER INSERT ON application BEGIN INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT new.jurisdiction_id AS '
    'region, substr(new.submitted_at, 1, 10) AS day, new.category AS category, new.status AS status, '
    '+(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_update AFTER UPDATE OF jurisdiction_id, '
    'submitted_at, category, status ON application BEGIN INSERT INTO application_day_count (region, day, '
    'category, status, count) SELECT old.jurisdiction_id AS region, substr(old.submitted_at, 1, 10) AS '
    'day, old.category AS category, old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT (region, '
    'day, category, status) DO UPDATE SET count = application_day_count.count + excluded.count; INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT new.jurisdiction_id AS '
    'region, substr(new.submitted_at, 1, 10) AS day, new.category AS category, new.status AS status, '
    '+(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_delete AFTER DELETE ON application BEGIN INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT old.jurisdiction_id AS '
    'region, substr(old.submitted_at, 1, 10) AS day, old.category AS category, old.status AS status, '
    '-(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_insert AFTER INSERT ON application BEGIN '
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'new.jurisdiction_id AS region, substr(new.submitted_at, 1, 7) AS month, new.category AS category, '
    'new.status AS status, +(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_update AFTER UPDATE OF jurisdiction_id, '
    'submitted_at, category, status ON application BEGIN INSERT INTO application_month_count (region, '
    'month, category, status, count) SELECT old.jurisdiction_id AS region, substr(old.submitted_at, 1, '
    '7) AS month, old.category AS category, old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT '
    '(region, month, category, status) DO UPDATE SET count = application_month_count.count + '
    'excluded.count; INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'new.jurisdiction_id AS region, substr(new.submitted_at, 1, 7) AS month, new.category AS category, '
    'new.status AS status, +(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_delete AFTER DELETE ON application BEGIN '
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'old.jurisdiction_id AS region, substr(old.submitted_at, 1, 7) AS month, old.category AS category, '
    'old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_insert AFTER INSERT ON position BEGIN INSERT '
    'INTO open_position_day_count (region, deadline, positions, openings) SELECT new.region_id AS '
    'region, new.deadline AS deadline, +(1) AS positions, +(new.openings) AS openings WHERE new.status = '
    "'open' ON CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + "
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_update AFTER UPDATE OF region_id, deadline, '
    'status, openings ON position BEGIN INSERT INTO open_position_day_count (region, deadline, '
    'positions, openings) SELECT old.region_id AS region, old.deadline AS deadline, -(1) AS positions, '
    "-(old.openings) AS openings WHERE old.status = 'open' ON CONFLICT (region, deadline) DO UPDATE SET "
    'positions = open_position_day_count.positions + excluded.positions, openings = '
    'open_position_day_count.openings + excluded.openings; INSERT INTO open_position_day_count (region, '
    'deadline, positions, openings) SELECT new.region_id AS region, new.deadline AS deadline, +(1) AS '
    "positions, +(new.openings) AS openings WHERE new.status = 'open' ON CONFLICT (region, deadline) DO "
    'UPDATE SET positions = open_position_day_count.positions + excluded.positions, openings = '
    'open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_delete AFTER DELETE ON position BEGIN INSERT '
    'INTO open_position_day_count (region, deadline, positions, openings) SELECT old.region_id AS '
    'region, old.deadline AS deadline, -(1) AS positions, -(old.openings) AS openings WHERE old.status = '
    "'open' ON CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + "
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_insert AFTER INSERT ON position BEGIN INSERT '
    'INTO open_position_month_count (region, month, positions, openings) SELECT new.region_id AS region, '
    'substr(new.deadline, 1, 7) AS month, +(1) AS positions, +(new.openings) AS openings WHERE '
    "new.status = 'open' ON CONFLICT (region, month) DO UPDATE SET positions = "
    'open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_update AFTER UPDATE OF region_id, deadline, '
    'status, openings ON position BEGIN INSERT INTO open_position_month_count (region, month, positions, '
    'openings) SELECT old.region_id AS region, substr(old.deadline, 1, 7) AS month, -(1) AS positions, '
    "-(old.openings) AS openings WHERE old.status = 'open' ON CONFLICT (region, month) DO UPDATE SET "
    'positions = open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; INSERT INTO open_position_month_count '
    '(region, month, positions, openings) SELECT new.region_id AS region, substr(new.deadline, 1, 7) AS '
    "month, +(1) AS positions, +(new.openings) AS openings WHERE new.status = 'open' ON CONFLICT "
    '(region, month) DO UPDATE SET positions = open_position_month_count.positions + excluded.positions, '
    'openings = open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_delete AFTER DELETE ON position BEGIN INSERT '
    'INTO open_position_month_count (region, month, positions, openings) SELECT old.region_id AS region, '
    'substr(old.deadline, 1, 7) AS month, -(1) AS positions, -(old.openings) AS openings WHERE '
    "old.status = 'open' ON CONFLICT (region, month) DO UPDATE SET positions = "
    'open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_insert AFTER INSERT ON favorite BEGIN INSERT INTO '
    'favorite_count (region, favorites) SELECT p.region_id AS region, +(1) AS favorites FROM position AS '
    'p WHERE 1 = 1 AND p.id = new.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_update AFTER UPDATE OF position_id ON favorite BEGIN '
    'INSERT INTO favorite_count (region, favorites) SELECT p.region_id AS region, -(1) AS favorites FROM '
    'position AS p WHERE 1 = 1 AND p.id = old.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; INSERT INTO favorite_count (region, favorites) '
    'SELECT p.region_id AS region, +(1) AS favorites FROM position AS p WHERE 1 = 1 AND p.id = '
    'new.position_id ON CONFLICT (region) DO UPDATE SET favorites = favorite_count.favorites + '
    'excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_delete AFTER DELETE ON favorite BEGIN INSERT INTO '
    'favorite_count (region, favorites) SELECT p.region_id AS region, -(1) AS favorites FROM position AS '
    'p WHERE 1 = 1 AND p.id = old.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_moved_update AFTER UPDATE OF region_id ON position '
    'BEGIN INSERT INTO favorite_count (region, favorites) SELECT old.region_id AS region, -((SELECT '
    'COUNT(*) FROM favorite AS f WHERE f.position_id = old.id)) AS favorites WHERE 1 = 1 ON CONFLICT '
    '(region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; INSERT INTO '
    'favorite_count (region, favorites) SELECT new.region_id AS region, +((SELECT COUNT(*) FROM favorite '
    'AS f WHERE f.position_id = new.id)) AS favorites WHERE 1 = 1 ON CONFLICT (region) DO UPDATE SET '
    'favorites = favorite_count.favorites + excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_region_insert AFTER INSERT ON placement BEGIN INSERT '
    'INTO placement_region_count (region, placements, filed, completed, left_early, hired, retained, '
    "unrecorded) SELECT new.region_id AS region, +(1) AS placements, +(CASE WHEN new.status = 'filed' "
    "THEN 1 ELSE 0 END) AS filed, +(CASE WHEN new.ending = 'completed' THEN 1 ELSE 0 END) AS completed, "
    "+(CASE WHEN new.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN new.ending = 'hired' "
    'THEN 1 ELSE 0 END) AS hired, +(CASE WHEN new.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN '
    "new.ending = 'completed' AND new.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded WHERE new.status "
    "IN ('filed', 'ended') ON CONFLICT (region) DO UPDATE SET placements = "
    'placement_region_count.placements + excluded.placements, filed = placement_region_count.filed + '
    'excluded.filed, completed = placement_region_count.completed + excluded.completed, left_early = '
    'placement_region_count.left_early + excluded.left_early, hired = placement_region_count.hired + '
    'excluded.hired, retained = placement_region_count.retained + excluded.retained, unrecorded = '
    'placement_region_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_region_update AFTER UPDATE OF region_id, employer_id, '
    'status, ending, retained ON placement BEGIN INSERT INTO placement_region_count (region, placements, '
    'filed, completed, left_early, hired, retained, unrecorded) SELECT old.region_id AS region, -(1) AS '
    "placements, -(CASE WHEN old.status = 'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN old.ending = "
    "'completed' THEN 1 ELSE 0 END) AS completed, -(CASE WHEN old.ending = 'left' THEN 1 ELSE 0 END) AS "
    "left_early, -(CASE WHEN old.ending = 'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN old.retained "
    "THEN 1 ELSE 0 END) AS retained, -(CASE WHEN old.ending = 'completed' AND old.retained IS NULL THEN "
    "1 ELSE 0 END) AS unrecorded WHERE old.status IN ('filed', 'ended') ON CONFLICT (region) DO UPDATE "
    'SET placements = placement_region_count.placements + excluded.placements, filed = '
    'placement_region_count.filed + excluded.filed, completed = placement_region_count.completed + '
    'excluded.completed, left_early = placement_region_count.left_early + excluded.left_early, hired = '
    'placement_region_count.hired + excluded.hired, retained = placement_region_count.retained + '
    'excluded.retained, unrecorded = placement_region_count.unrecorded + excluded.unrecorded; INSERT '
    'INTO placement_region_count (region, placements, filed, completed, left_early, hired, retained, '
    "unrecorded) SELECT new.region_id AS region, +(1) AS placements, +(CASE WHEN new.status = 'filed' "
    "THEN 1 ELSE 0 END) AS filed, +(CASE WHEN new.ending = 'completed' THEN 1 ELSE 0 END) AS completed, "
    "+(CASE WHEN new.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN new.ending = 'hired' "
    'THEN 1 ELSE 0 END) AS hired, +(CASE WHEN new.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN '
    "new.ending = 'completed' AND new.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded WHERE new.status "
    "IN ('filed', 'ended') ON CONFLICT (region) DO UPDATE SET placements = "
    'placement_region_count.placements + excluded.placements, filed = placement_region_count.filed + '
    'excluded.filed, completed = placement_region_count.completed + excluded.completed, left_early = '
    'placement_region_count.left_early + excluded.left_early, hired = placement_region_count.hired + '
    'excluded.hired, retained = placement_region_count.retained + excluded.retained, unrecorded = '
    'placement_region_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_region_delete AFTER DELETE ON placement BEGIN INSERT '
    'INTO placement_region_count (region, placements, filed, completed, left_early, hired, retained, '
    "unrecorded) SELECT old.region_id AS region, -(1) AS placements, -(CASE WHEN old.status = 'filed' "
    "THEN 1 ELSE 0 END) AS filed, -(CASE WHEN old.ending = 'completed' THEN 1 ELSE 0 END) AS completed, "
    "-(CASE WHEN old.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE WHEN old.ending = 'hired' "
    'THEN 1 ELSE 0 END) AS hired, -(CASE WHEN old.retained THEN 1 ELSE 0 END) AS retained, -(CASE WHEN '
    "old.ending = 'completed' AND old.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded WHERE old.status "
    "IN ('filed', 'ended') ON CONFLICT (region) DO UPDATE SET placements = "
    'placement_region_count.placements + excluded.placements, filed = placement_region_count.filed + '
    'excluded.filed, completed = placement_region_count.completed + excluded.completed, left_early = '
    'placement_region_count.left_early + excluded.left_early, hired = placement_region_count.hired + '
    'excluded.hired, retained = placement_region_count.retained + excluded.retained, unrecorded = '
    'placement_region_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_unit_insert AFTER INSERT ON placement BEGIN INSERT '
    'INTO placement_unit_count (region, employer, placements, filed, completed, left_early, hired, '
    'retained, unrecorded) SELECT new.region_id AS region, new.employer_id AS employer, +(1) AS '
    "placements, +(CASE WHEN new.status = 'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN new.ending = "
    "'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN new.ending = 'left' THEN 1 ELSE 0 END) AS "
    "left_early, +(CASE WHEN new.ending = 'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN new.retained "
    "THEN 1 ELSE 0 END) AS retained, +(CASE WHEN new.ending = 'completed' AND new.retained IS NULL THEN "
    "1 ELSE 0 END) AS unrecorded WHERE new.status IN ('filed', 'ended') ON CONFLICT (region, employer) "
    'DO UPDATE SET placements = placement_unit_count.placements + excluded.placements, filed = '
    'placement_unit_count.filed + excluded.filed, completed = placement_unit_count.completed + '
    'excluded.completed, left_early = placement_unit_count.left_early + excluded.left_early, hired = '
    'placement_unit_count.hired + excluded.hired, retained = placement_unit_count.retained + '
    'excluded.retained, unrecorded = placement_unit_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_unit_update AFTER UPDATE OF region_id, employer_id, '
    'status, ending, retained ON placement BEGIN INSERT INTO placement_unit_count (region, employer, '
    'placements, filed, completed, left_early, hired, retained, unrecorded) SELECT old.region_id AS '
    "region, old.employer_id AS employer, -(1) AS placements, -(CASE WHEN old.status = 'filed' THEN 1 "
    "ELSE 0 END) AS filed, -(CASE WHEN old.ending = 'completed' THEN 1 ELSE 0 END) AS completed, -(CASE "
    "WHEN old.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE WHEN old.ending = 'hired' THEN 1 "
    'ELSE 0 END) AS hired, -(CASE WHEN old.retained THEN 1 ELSE 0 END) AS retained, -(CASE WHEN '
    "old.ending = 'completed' AND old.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded WHERE old.status "
    "IN ('filed', 'ended') ON CONFLICT (region, employer) DO UPDATE SET placements = "
    'placement_unit_count.placements + excluded.placements, filed = placement_unit_count.filed + '
    'excluded.filed, completed = placement_unit_count.completed + excluded.completed, left_early = '
    'placement_unit_count.left_early + excluded.left_early, hired = placement_unit_count.hired + '
    'excluded.hired, retained = placement_unit_count.retained + excluded.retained, unrecorded = '
    'placement_unit_count.unrecorded + excluded.unrecorded; INSERT INTO placement_unit_count (region, '
    'employer, placements, filed, completed, left_early, hired, retained, unrecorded) SELECT '
    'new.region_id AS region, new.employer_id AS employer, +(1) AS placements, +(CASE WHEN new.status = '
    "'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN new.ending = 'completed' THEN 1 ELSE 0 END) AS "
    "completed, +(CASE WHEN new.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN new.ending "
    "= 'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN new.retained THEN 1 ELSE 0 END) AS retained, "
    "+(CASE WHEN new.ending = 'completed' AND new.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded "
    "WHERE new.status IN ('filed', 'ended') ON CONFLICT (region, employer) DO UPDATE SET placements = "
    'placement_unit_count.placements + excluded.placements, filed = placement_unit_count.filed + '
    'excluded.filed, completed = placement_unit_count.completed + excluded.completed, left_early = '
    'placement_unit_count.left_early + excluded.left_early, hired = placement_unit_count.hired + '
    'excluded.hired, retained = placement_unit_count.retained + excluded.retained, unrecorded = '
    'placement_unit_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_placement_unit_delete AFTER DELETE ON placement BEGIN INSERT '
    'INTO placement_unit_count (region, employer, placements, filed, completed, left_early, hired, '
    'retained, unrecorded) SELECT old.region_id AS region, old.employer_id AS employer, -(1) AS '
    "placements, -(CASE WHEN old.status = 'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN old.ending = "
    "'completed' THEN 1 ELSE 0 END) AS completed, -(CASE WHEN old.ending = 'left' THEN 1 ELSE 0 END) AS "
    "left_early, -(CASE WHEN old.ending = 'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN old.retained "
    "THEN 1 ELSE 0 END) AS retained, -(CASE WHEN old.ending = 'completed' AND old.retained IS NULL THEN "
    "1 ELSE 0 END) AS unrecorded WHERE old.status IN ('filed', 'ended') ON CONFLICT (region, employer) "
    'DO UPDATE SET placements = placement_unit_count.placements + excluded.placements, filed = '
    'placement_unit_count.filed + excluded.filed, completed = placement_unit_count.completed + '
    'excluded.completed, left_early = placement_unit_count.left_early + excluded.left_early, hired = '
    'placement_unit_count.hired + excluded.hired, retained = placement_unit_count.retained + '
    'excluded.retained, unrecorded = placement_unit_count.unrecorded + excluded.unrecorded; END',
    'CREATE TRIGGER IF NOT EXISTS tally_claim_line_insert AFTER INSERT ON claim_line BEGIN INSERT INTO '
    'claim_line_count (region, kind, state, lines, amount_fen) SELECT c.region_id AS region, new.kind AS '
    'kind, new.state AS state, +(1) AS lines, +(new.amount_fen) AS amount_fen FROM claim AS c WHERE 1 = '
    '1 AND c.id = new.claim_id ON CONFLICT (region, kind, state) DO UPDATE SET lines = '
    'claim_line_count.lines + excluded.lines, amount_fen = claim_line_count.amount_fen + '
    'excluded.amount_fen; END',
    'CREATE TRIGGER IF NOT EXISTS tally_claim_line_update AFTER UPDATE OF claim_id, kind, state, '
    'amount_fen ON claim_line BEGIN INSERT INTO claim_line_count (region, kind, state, lines, '
    'amount_fen) SELECT c.region_id AS region, old.kind AS kind, old.state AS state, -(1) AS lines, '
    '-(old.amount_fen) AS amount_fen FROM claim AS c WHERE 1 = 1 AND c.id = old.claim_id ON CONFLICT '
    '(region, kind, state) DO UPDATE SET lines = claim_line_count.lines + excluded.lines, amount_fen = '
    'claim_line_count.amount_fen + excluded.amount_fen; INSERT INTO claim_line_count (region, kind, '
    'state, lines, amount_fen) SELECT c.region_id AS region, new.kind AS kind, new.state AS state, +(1) '
    'AS lines, +(new.amount_fen) AS amount_fen FROM claim AS c WHERE 1 = 1 AND c.id = new.claim_id ON '
    'CONFLICT (region, kind, state) DO UPDATE SET lines = claim_line_count.lines + excluded.lines, '
    'amount_fen = claim_line_count.amount_fen + excluded.amount_fen; END',
    'CREATE TRIGGER IF NOT EXISTS tally_claim_line_delete AFTER DELETE ON claim_line BEGIN INSERT INTO '
    'claim_line_count (region, kind, state, lines, amount_fen) SELECT c.region_id AS region, old.kind AS '
    'kind, old.state AS state, -(1) AS lines, -(old.amount_fen) AS amount_fen FROM claim AS c WHERE 1 = '
    '1 AND c.id = old.claim_id ON CONFLICT (region, kind, state) DO UPDATE SET lines = '
    'claim_line_count.lines + excluded.lines, amount_fen = claim_line_count.amount_fen + '
    'excluded.amount_fen; END',
)
POSTGRES = (
    'CREATE OR REPLACE FUNCTION tally_application_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'INSERT' THEN INSERT INTO application_day_count (region, day, category, status, count) "
    'SELECT region, day, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    'CAST(r.submitted_at AS date) AS day, r.category AS category, r.status AS status, +(1) AS count FROM '
    'new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, category, status HAVING SUM(count) <> 0 '
    'ORDER BY region, day, category, status ON CONFLICT (region, day, category, status) DO UPDATE SET '
    "count = application_day_count.count + excluded.count; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'application_day_count (region, day, category, status, count) SELECT region, day, category, status, '
    'SUM(count) FROM (SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) AS day, '
    'r.category AS category, r.status AS status, -(1) AS count FROM old_rows AS r WHERE 1 = 1 UNION ALL '
    'SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) AS day, r.category AS category, '
    'r.status AS status, +(1) AS count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, '
    'category, status HAVING SUM(count) <> 0 ORDER BY region, day, category, status ON CONFLICT (region, '
    'day, category, status) DO UPDATE SET count = application_day_count.count + excluded.count; ELSIF '
    "TG_OP = 'DELETE' THEN INSERT INTO application_day_count (region, day, category, status, count) "
    'SELECT region, day, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    'CAST(r.submitted_at AS date) AS day, r.category AS category, r.status AS status, -(1) AS count FROM '
    'old_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, category, status HAVING SUM(count) <> 0 '
    'ORDER BY region, day, category, status ON CONFLICT (region, day, category, status) DO UPDATE SET '
    'count = application_day_count.count + excluded.count; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_application_day_insert AFTER INSERT ON application REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE TRIGGER tally_application_day_update AFTER UPDATE ON application REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE TRIGGER tally_application_day_delete AFTER DELETE ON application REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE FUNCTION tally_application_month() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO application_month_count (region, month, category, status, "
    'count) SELECT region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS "
    'count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; ELSIF TG_OP = '
    "'UPDATE' THEN INSERT INTO application_month_count (region, month, category, status, count) SELECT "
    'region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, -(1) AS "
    'count FROM old_rows AS r WHERE 1 = 1 UNION ALL SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS "
    'count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; ELSIF TG_OP = '
    "'DELETE' THEN INSERT INTO application_month_count (region, month, category, status, count) SELECT "
    'region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, -(1) AS "
    'count FROM old_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; END IF; RETURN NULL; '
    'END $$',
    'CREATE OR REPLACE TRIGGER tally_application_month_insert AFTER INSERT ON application REFERENCING '
    'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_month()',
    'CREATE OR REPLACE TRIGGER tally_application_month_update AFTER UPDATE ON application REFERENCING '
    'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_application_month()',
    'CREATE OR REPLACE TRIGGER tally_application_month_delete AFTER DELETE ON application REFERENCING '
    'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_month()',
    'CREATE OR REPLACE FUNCTION tally_open_position_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO open_position_day_count (region, deadline, positions, "
    'openings) SELECT region, deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS '
    'region, r.deadline AS deadline, +(1) AS positions, +(r.openings) AS openings FROM new_rows AS r '
    "WHERE r.status = 'open') AS changes GROUP BY region, deadline HAVING SUM(positions) <> 0 OR "
    'SUM(openings) <> 0 ORDER BY region, deadline ON CONFLICT (region, deadline) DO UPDATE SET positions '
    '= open_position_day_count.positions + excluded.positions, openings = '
    "open_position_day_count.openings + excluded.openings; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'open_position_day_count (region, deadline, positions, openings) SELECT region, deadline, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, -(1) AS '
    "positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open' UNION ALL SELECT "
    'r.region_id AS region, r.deadline AS deadline, +(1) AS positions, +(r.openings) AS openings FROM '
    "new_rows AS r WHERE r.status = 'open') AS changes GROUP BY region, deadline HAVING SUM(positions) "
    '<> 0 OR SUM(openings) <> 0 ORDER BY region, deadline ON CONFLICT (region, deadline) DO UPDATE SET '
    'positions = open_position_day_count.positions + excluded.positions, openings = '
    "open_position_day_count.openings + excluded.openings; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'open_position_day_count (region, deadline, positions, openings) SELECT region, deadline, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, -(1) AS '
    "positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open') AS changes GROUP "
    'BY region, deadline HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, deadline ON '
    'CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + '
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END IF; RETURN '
    'NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_insert AFTER INSERT ON position REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_day()',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_open_position_day()',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_delete AFTER DELETE ON position REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_day()',
    'CREATE OR REPLACE FUNCTION tally_open_position_month() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO open_position_month_count (region, month, positions, openings) "
    'SELECT region, month, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, '
    "to_char(r.deadline, 'YYYY-MM') AS month, +(1) AS positions, +(r.openings) AS openings FROM new_rows "
    "AS r WHERE r.status = 'open') AS changes GROUP BY region, month HAVING SUM(positions) <> 0 OR "
    'SUM(openings) <> 0 ORDER BY region, month ON CONFLICT (region, month) DO UPDATE SET positions = '
    'open_position_month_count.positions + excluded.positions, openings = '
    "open_position_month_count.openings + excluded.openings; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, -(1) AS positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open' "
    "UNION ALL SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS month, +(1) AS positions, "
    "+(r.openings) AS openings FROM new_rows AS r WHERE r.status = 'open') AS changes GROUP BY region, "
    'month HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, month ON CONFLICT (region, '
    'month) DO UPDATE SET positions = open_position_month_count.positions + excluded.positions, openings '
    "= open_position_month_count.openings + excluded.openings; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, -(1) AS positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open') AS "
    'changes GROUP BY region, month HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, '
    'month ON CONFLICT (region, month) DO UPDATE SET positions = open_position_month_count.positions + '
    'excluded.positions, openings = open_position_month_count.openings + excluded.openings; END IF; '
    'RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_insert AFTER INSERT ON position REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_month()',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_open_position_month()',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_delete AFTER DELETE ON position REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_month()',
    'CREATE OR REPLACE FUNCTION tally_favorite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = '
    "'INSERT' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM "
    '(SELECT p.region_id AS region, +(1) AS favorites FROM new_rows AS r, position AS p WHERE 1 = 1 AND '
    'p.id = r.position_id) AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON '
    'CONFLICT (region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; ELSIF '
    "TG_OP = 'UPDATE' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) "
    'FROM (SELECT p.region_id AS region, -(1) AS favorites FROM old_rows AS r, position AS p WHERE 1 = 1 '
    'AND p.id = r.position_id UNION ALL SELECT p.region_id AS region, +(1) AS favorites FROM new_rows AS '
    'r, position AS p WHERE 1 = 1 AND p.id = r.position_id) AS changes GROUP BY region HAVING '
    'SUM(favorites) <> 0 ORDER BY region ON CONFLICT (region) DO UPDATE SET favorites = '
    "favorite_count.favorites + excluded.favorites; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT p.region_id AS '
    'region, -(1) AS favorites FROM old_rows AS r, position AS p WHERE 1 = 1 AND p.id = r.position_id) '
    'AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON CONFLICT (region) DO '
    'UPDATE SET favorites = favorite_count.favorites + excluded.favorites; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_favorite_insert AFTER INSERT ON favorite REFERENCING NEW TABLE AS '
    'new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE TRIGGER tally_favorite_update AFTER UPDATE ON favorite REFERENCING OLD TABLE AS '
    'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE TRIGGER tally_favorite_delete AFTER DELETE ON favorite REFERENCING OLD TABLE AS '
    'old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE FUNCTION tally_favorite_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'UPDATE' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) "
    'FROM (SELECT r.region_id AS region, -((SELECT COUNT(*) FROM favorite AS f WHERE f.position_id = '
    'r.id)) AS favorites FROM old_rows AS r WHERE 1 = 1 UNION ALL SELECT r.region_id AS region, '
    '+((SELECT COUNT(*) FROM favorite AS f WHERE f.position_id = r.id)) AS favorites FROM new_rows AS r '
    'WHERE 1 = 1) AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON CONFLICT '
    '(region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; END IF; RETURN '
    'NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_favorite_moved_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite_moved()',
    'CREATE OR REPLACE FUNCTION tally_placement_region() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'INSERT' THEN INSERT INTO placement_region_count (region, placements, filed, completed, "
    'left_early, hired, retained, unrecorded) SELECT region, SUM(placements), SUM(filed), '
    'SUM(completed), SUM(left_early), SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT '
    "r.region_id AS region, +(1) AS placements, +(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS "
    "filed, +(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = "
    "'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS "
    "hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN r.ending = 'completed' "
    'AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM new_rows AS r WHERE r.status IN '
    "('filed', 'ended')) AS changes GROUP BY region HAVING SUM(placements) <> 0 OR SUM(filed) <> 0 OR "
    'SUM(completed) <> 0 OR SUM(left_early) <> 0 OR SUM(hired) <> 0 OR SUM(retained) <> 0 OR '
    'SUM(unrecorded) <> 0 ORDER BY region ON CONFLICT (region) DO UPDATE SET placements = '
    'placement_region_count.placements + excluded.placements, filed = placement_region_count.filed + '
    'excluded.filed, completed = placement_region_count.completed + excluded.completed, left_early = '
    'placement_region_count.left_early + excluded.left_early, hired = placement_region_count.hired + '
    'excluded.hired, retained = placement_region_count.retained + excluded.retained, unrecorded = '
    "placement_region_count.unrecorded + excluded.unrecorded; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'placement_region_count (region, placements, filed, completed, left_early, hired, retained, '
    'unrecorded) SELECT region, SUM(placements), SUM(filed), SUM(completed), SUM(left_early), '
    'SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, -(1) AS placements, '
    "-(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN r.ending = 'completed' THEN "
    "1 ELSE 0 END) AS completed, -(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE "
    "WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN r.retained THEN 1 ELSE 0 END) AS "
    "retained, -(CASE WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS "
    "unrecorded FROM old_rows AS r WHERE r.status IN ('filed', 'ended') UNION ALL SELECT r.region_id AS "
    "region, +(1) AS placements, +(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN "
    "r.ending = 'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 "
    "END) AS left_early, +(CASE WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN "
    "r.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN r.ending = 'completed' AND r.retained IS "
    "NULL THEN 1 ELSE 0 END) AS unrecorded FROM new_rows AS r WHERE r.status IN ('filed', 'ended')) AS "
    'changes GROUP BY region HAVING SUM(placements) <> 0 OR SUM(filed) <> 0 OR SUM(completed) <> 0 OR '
    'SUM(left_early) <> 0 OR SUM(hired) <> 0 OR SUM(retained) <> 0 OR SUM(unrecorded) <> 0 ORDER BY '
    'region ON CONFLICT (region) DO UPDATE SET placements = placement_region_count.placements + '
    'excluded.placements, filed = placement_region_count.filed + excluded.filed, completed = '
    'placement_region_count.completed + excluded.completed, left_early = '
    'placement_region_count.left_early + excluded.left_early, hired = placement_region_count.hired + '
    'excluded.hired, retained = placement_region_count.retained + excluded.retained, unrecorded = '
    "placement_region_count.unrecorded + excluded.unrecorded; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'placement_region_count (region, placements, filed, completed, left_early, hired, retained, '
    'unrecorded) SELECT region, SUM(placements), SUM(filed), SUM(completed), SUM(left_early), '
    'SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, -(1) AS placements, '
    "-(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN r.ending = 'completed' THEN "
    "1 ELSE 0 END) AS completed, -(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE "
    "WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN r.retained THEN 1 ELSE 0 END) AS "
    "retained, -(CASE WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS "
    "unrecorded FROM old_rows AS r WHERE r.status IN ('filed', 'ended')) AS changes GROUP BY region "
    'HAVING SUM(placements) <> 0 OR SUM(filed) <> 0 OR SUM(completed) <> 0 OR SUM(left_early) <> 0 OR '
    'SUM(hired) <> 0 OR SUM(retained) <> 0 OR SUM(unrecorded) <> 0 ORDER BY region ON CONFLICT (region) '
    'DO UPDATE SET placements = placement_region_count.placements + excluded.placements, filed = '
    'placement_region_count.filed + excluded.filed, completed = placement_region_count.completed + '
    'excluded.completed, left_early = placement_region_count.left_early + excluded.left_early, hired = '
    'placement_region_count.hired + excluded.hired, retained = placement_region_count.retained + '
    'excluded.retained, unrecorded = placement_region_count.unrecorded + excluded.unrecorded; END IF; '
    'RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_placement_region_insert AFTER INSERT ON placement REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_region()',
    'CREATE OR REPLACE TRIGGER tally_placement_region_update AFTER UPDATE ON placement REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_region()',
    'CREATE OR REPLACE TRIGGER tally_placement_region_delete AFTER DELETE ON placement REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_region()',
    'CREATE OR REPLACE FUNCTION tally_placement_unit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'INSERT' THEN INSERT INTO placement_unit_count (region, employer, placements, filed, "
    'completed, left_early, hired, retained, unrecorded) SELECT region, employer, SUM(placements), '
    'SUM(filed), SUM(completed), SUM(left_early), SUM(hired), SUM(retained), SUM(unrecorded) FROM '
    '(SELECT r.region_id AS region, r.employer_id AS employer, +(1) AS placements, +(CASE WHEN r.status '
    "= 'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS "
    "completed, +(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN r.ending = "
    "'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, +(CASE "
    "WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM new_rows "
    "AS r WHERE r.status IN ('filed', 'ended')) AS changes GROUP BY region, employer HAVING "
    'SUM(placements) <> 0 OR SUM(filed) <> 0 OR SUM(completed) <> 0 OR SUM(left_early) <> 0 OR '
    'SUM(hired) <> 0 OR SUM(retained) <> 0 OR SUM(unrecorded) <> 0 ORDER BY region, employer ON CONFLICT '
    '(region, employer) DO UPDATE SET placements = placement_unit_count.placements + '
    'excluded.placements, filed = placement_unit_count.filed + excluded.filed, completed = '
    'placement_unit_count.completed + excluded.completed, left_early = placement_unit_count.left_early + '
    'excluded.left_early, hired = placement_unit_count.hired + excluded.hired, retained = '
    'placement_unit_count.retained + excluded.retained, unrecorded = placement_unit_count.unrecorded + '
    "excluded.unrecorded; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO placement_unit_count (region, "
    'employer, placements, filed, completed, left_early, hired, retained, unrecorded) SELECT region, '
    'employer, SUM(placements), SUM(filed), SUM(completed), SUM(left_early), SUM(hired), SUM(retained), '
    'SUM(unrecorded) FROM (SELECT r.region_id AS region, r.employer_id AS employer, -(1) AS placements, '
    "-(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN r.ending = 'completed' THEN "
    "1 ELSE 0 END) AS completed, -(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE "
    "WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN r.retained THEN 1 ELSE 0 END) AS "
    "retained, -(CASE WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS "
    "unrecorded FROM old_rows AS r WHERE r.status IN ('filed', 'ended') UNION ALL SELECT r.region_id AS "
    "region, r.employer_id AS employer, +(1) AS placements, +(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 "
    "END) AS filed, +(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN "
    "r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN r.ending = 'hired' THEN 1 ELSE 0 "
    'END) AS hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN r.ending = '
    "'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM new_rows AS r WHERE "
    "r.status IN ('filed', 'ended')) AS changes GROUP BY region, employer HAVING SUM(placements) <> 0 OR "
    'SUM(filed) <> 0 OR SUM(completed) <> 0 OR SUM(left_early) <> 0 OR SUM(hired) <> 0 OR SUM(retained) '
    '<> 0 OR SUM(unrecorded) <> 0 ORDER BY region, employer ON CONFLICT (region, employer) DO UPDATE SET '
    'placements = placement_unit_count.placements + excluded.placements, filed = '
    'placement_unit_count.filed + excluded.filed, completed = placement_unit_count.completed + '
    'excluded.completed, left_early = placement_unit_count.left_early + excluded.left_early, hired = '
    'placement_unit_count.hired + excluded.hired, retained = placement_unit_count.retained + '
    'excluded.retained, unrecorded = placement_unit_count.unrecorded + excluded.unrecorded; ELSIF TG_OP '
    "= 'DELETE' THEN INSERT INTO placement_unit_count (region, employer, placements, filed, completed, "
    'left_early, hired, retained, unrecorded) SELECT region, employer, SUM(placements), SUM(filed), '
    'SUM(completed), SUM(left_early), SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT '
    'r.region_id AS region, r.employer_id AS employer, -(1) AS placements, -(CASE WHEN r.status = '
    "'filed' THEN 1 ELSE 0 END) AS filed, -(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS "
    "completed, -(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, -(CASE WHEN r.ending = "
    "'hired' THEN 1 ELSE 0 END) AS hired, -(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, -(CASE "
    "WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM old_rows "
    "AS r WHERE r.status IN ('filed', 'ended')) AS changes GROUP BY region, employer HAVING "
    'SUM(placements) <> 0 OR SUM(filed) <> 0 OR SUM(completed) <> 0 OR SUM(left_early) <> 0 OR '
    'SUM(hired) <> 0 OR SUM(retained) <> 0 OR SUM(unrecorded) <> 0 ORDER BY region, employer ON CONFLICT '
    '(region, employer) DO UPDATE SET placements = placement_unit_count.placements + '
    'excluded.placements, filed = placement_unit_count.filed + excluded.filed, completed = '
    'placement_unit_count.completed + excluded.completed, left_early = placement_unit_count.left_early + '
    'excluded.left_early, hired = placement_unit_count.hired + excluded.hired, retained = '
    'placement_unit_count.retained + excluded.retained, unrecorded = placement_unit_count.unrecorded + '
    'excluded.unrecorded; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_placement_unit_insert AFTER INSERT ON placement REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_unit()',
    'CREATE OR REPLACE TRIGGER tally_placement_unit_update AFTER UPDATE ON placement REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_unit()',
    'CREATE OR REPLACE TRIGGER tally_placement_unit_delete AFTER DELETE ON placement REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_placement_unit()',
    'CREATE OR REPLACE FUNCTION tally_claim_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP '
    "= 'INSERT' THEN INSERT INTO claim_line_count (region, kind, state, lines, amount_fen) SELECT "
    'region, kind, state, SUM(lines), SUM(amount_fen) FROM (SELECT c.region_id AS region, r.kind AS '
    'kind, r.state AS state, +(1) AS lines, +(r.amount_fen) AS amount_fen FROM new_rows AS r, claim AS c '
    'WHERE 1 = 1 AND c.id = r.claim_id) AS changes GROUP BY region, kind, state HAVING SUM(lines) <> 0 '
    'OR SUM(amount_fen) <> 0 ORDER BY region, kind, state ON CONFLICT (region, kind, state) DO UPDATE '
    'SET lines = claim_line_count.lines + excluded.lines, amount_fen = claim_line_count.amount_fen + '
    "excluded.amount_fen; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO claim_line_count (region, kind, state, "
    'lines, amount_fen) SELECT region, kind, state, SUM(lines), SUM(amount_fen) FROM (SELECT c.region_id '
    'AS region, r.kind AS kind, r.state AS state, -(1) AS lines, -(r.amount_fen) AS amount_fen FROM '
    'old_rows AS r, claim AS c WHERE 1 = 1 AND c.id = r.claim_id UNION ALL SELECT c.region_id AS region, '
    'r.kind AS kind, r.state AS state, +(1) AS lines, +(r.amount_fen) AS amount_fen FROM new_rows AS r, '
    'claim AS c WHERE 1 = 1 AND c.id = r.claim_id) AS changes GROUP BY region, kind, state HAVING '
    'SUM(lines) <> 0 OR SUM(amount_fen) <> 0 ORDER BY region, kind, state ON CONFLICT (region, kind, '
    'state) DO UPDATE SET lines = claim_line_count.lines + excluded.lines, amount_fen = '
    "claim_line_count.amount_fen + excluded.amount_fen; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'claim_line_count (region, kind, state, lines, amount_fen) SELECT region, kind, state, SUM(lines), '
    'SUM(amount_fen) FROM (SELECT c.region_id AS region, r.kind AS kind, r.state AS state, -(1) AS '
    'lines, -(r.amount_fen) AS amount_fen FROM old_rows AS r, claim AS c WHERE 1 = 1 AND c.id = '
    'r.claim_id) AS changes GROUP BY region, kind, state HAVING SUM(lines) <> 0 OR SUM(amount_fen) <> 0 '
    'ORDER BY region, kind, state ON CONFLICT (region, kind, state) DO UPDATE SET lines = '
    'claim_line_count.lines + excluded.lines, amount_fen = claim_line_count.amount_fen + '
    'excluded.amount_fen; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_claim_line_insert AFTER INSERT ON claim_line REFERENCING NEW TABLE '
    'AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_claim_line()',
    'CREATE OR REPLACE TRIGGER tally_claim_line_update AFTER UPDATE ON claim_line REFERENCING OLD TABLE '
    'AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_claim_line()',
    'CREATE OR REPLACE TRIGGER tally_claim_line_delete AFTER DELETE ON claim_line REFERENCING OLD TABLE '
    'AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_claim_line()',
)
COUNT_SQLITE = (
    'INSERT INTO application_day_count (region, day, category, status, count) SELECT region, day, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, substr(r.submitted_at, 1, '
    '10) AS day, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 '
    '= 1) AS found GROUP BY region, day, category, status',
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT region, month, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, substr(r.submitted_at, 1, 7) '
    'AS month, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 = '
    '1) AS found GROUP BY region, month, category, status',
    'INSERT INTO open_position_day_count (region, deadline, positions, openings) SELECT region, '
    'deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, '
    "+(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS found "
    'GROUP BY region, deadline',
    'INSERT INTO open_position_month_count (region, month, positions, openings) SELECT region, month, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, substr(r.deadline, 1, 7) AS '
    "month, +(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS "
    'found GROUP BY region, month',
    'INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT '
    'p.region_id AS region, +(1) AS favorites FROM favorite AS r, position AS p WHERE 1 = 1 AND p.id = '
    'r.position_id) AS found GROUP BY region',
    'INSERT INTO placement_region_count (region, placements, filed, completed, left_early, hired, '
    'retained, unrecorded) SELECT region, SUM(placements), SUM(filed), SUM(completed), SUM(left_early), '
    'SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, +(1) AS placements, '
    "+(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN r.ending = 'completed' THEN "
    "1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE "
    "WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS "
    "retained, +(CASE WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS "
    "unrecorded FROM placement AS r WHERE r.status IN ('filed', 'ended')) AS found GROUP BY region",
    'INSERT INTO placement_unit_count (region, employer, placements, filed, completed, left_early, '
    'hired, retained, unrecorded) SELECT region, employer, SUM(placements), SUM(filed), SUM(completed), '
    'SUM(left_early), SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, '
    "r.employer_id AS employer, +(1) AS placements, +(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS "
    "filed, +(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = "
    "'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS "
    "hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN r.ending = 'completed' "
    'AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM placement AS r WHERE r.status IN '
    "('filed', 'ended')) AS found GROUP BY region, employer",
    'INSERT INTO claim_line_count (region, kind, state, lines, amount_fen) SELECT region, kind, state, '
    'SUM(lines), SUM(amount_fen) FROM (SELECT c.region_id AS region, r.kind AS kind, r.state AS state, '
    '+(1) AS lines, +(r.amount_fen) AS amount_fen FROM claim_line AS r, claim AS c WHERE 1 = 1 AND c.id '
    '= r.claim_id) AS found GROUP BY region, kind, state',
)
COUNT_POSTGRES = (
    'INSERT INTO application_day_count (region, day, category, status, count) SELECT region, day, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) '
    'AS day, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 = '
    '1) AS found GROUP BY region, day, category, status',
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT region, month, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, to_char(r.submitted_at, '
    "'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS count FROM application AS "
    'r WHERE 1 = 1) AS found GROUP BY region, month, category, status',
    'INSERT INTO open_position_day_count (region, deadline, positions, openings) SELECT region, '
    'deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, '
    "+(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS found "
    'GROUP BY region, deadline',
    'INSERT INTO open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, +(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS "
    'found GROUP BY region, month',
    'INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT '
    'p.region_id AS region, +(1) AS favorites FROM favorite AS r, position AS p WHERE 1 = 1 AND p.id = '
    'r.position_id) AS found GROUP BY region',
    'INSERT INTO placement_region_count (region, placements, filed, completed, left_early, hired, '
    'retained, unrecorded) SELECT region, SUM(placements), SUM(filed), SUM(completed), SUM(left_early), '
    'SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, +(1) AS placements, '
    "+(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS filed, +(CASE WHEN r.ending = 'completed' THEN "
    "1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = 'left' THEN 1 ELSE 0 END) AS left_early, +(CASE "
    "WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS "
    "retained, +(CASE WHEN r.ending = 'completed' AND r.retained IS NULL THEN 1 ELSE 0 END) AS "
    "unrecorded FROM placement AS r WHERE r.status IN ('filed', 'ended')) AS found GROUP BY region",
    'INSERT INTO placement_unit_count (region, employer, placements, filed, completed, left_early, '
    'hired, retained, unrecorded) SELECT region, employer, SUM(placements), SUM(filed), SUM(completed), '
    'SUM(left_early), SUM(hired), SUM(retained), SUM(unrecorded) FROM (SELECT r.region_id AS region, '
    "r.employer_id AS employer, +(1) AS placements, +(CASE WHEN r.status = 'filed' THEN 1 ELSE 0 END) AS "
    "filed, +(CASE WHEN r.ending = 'completed' THEN 1 ELSE 0 END) AS completed, +(CASE WHEN r.ending = "
    "'left' THEN 1 ELSE 0 END) AS left_early, +(CASE WHEN r.ending = 'hired' THEN 1 ELSE 0 END) AS "
    "hired, +(CASE WHEN r.retained THEN 1 ELSE 0 END) AS retained, +(CASE WHEN r.ending = 'completed' "
    'AND r.retained IS NULL THEN 1 ELSE 0 END) AS unrecorded FROM placement AS r WHERE r.status IN '
    "('filed', 'ended')) AS found GROUP BY region, employer",
    'INSERT INTO claim_line_count (region, kind, state, lines, amount_fen) SELECT region, kind, state, '
    'SUM(lines), SUM(amount_fen) FROM (SELECT c.region_id AS region, r.kind AS kind, r.state AS state, '
    '+(1) AS lines, +(r.amount_fen) AS amount_fen FROM claim_line AS r, claim AS c WHERE 1 = 1 AND c.id '
    '= r.claim_id) AS found GROUP BY region, kind, state',
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the counts' tables and their triggers, and count what is there."""

    @migrator.create_model
    class ApplicationDayCount(pw.Model):
        region = pw.CharField(max_length=6)
        day = pw.DateField()
        category = pw.CharField(max_length=10)
        status = pw.CharField(max_length=10)
        count = pw.IntegerField(default=0)

        class Meta:
            table_name = "application_day_count"
            primary_key = pw.CompositeKey("region", "day", "category", "status")

    @migrator.create_model
    class ApplicationMonthCount(pw.Model):
        region = pw.CharField(max_length=6)
        month = pw.CharField(max_length=7)
        category = pw.CharField(max_length=10)
        status = pw.CharField(max_length=10)
        count = pw.IntegerField(default=0)

        class Meta:
            table_name = "application_month_count"
            primary_key = pw.CompositeKey("region", "month", "category", "status")

    @migrator.create_model
    class OpenPositionDayCount(pw.Model):
        region = pw.CharField(max_length=6)
        deadline = pw.DateField()
        positions = pw.IntegerField(default=0)
        openings = pw.IntegerField(default=0)

        class Meta:
            table_name = "open_position_day_count"
            primary_key = pw.CompositeKey("region", "deadline")

    @migrator.create_model
    class OpenPositionMonthCount(pw.Model):
        region = pw.CharField(max_length=6)
        month = pw.CharField(max_length=7)
        positions = pw.IntegerField(default=0)
        openings = pw.IntegerField(default=0)

        class Meta:
            table_name = "open_position_month_count"
            primary_key = pw.CompositeKey("region", "month")

    @migrator.create_model
    class FavoriteCount(pw.Model):
        region = pw.CharField(max_length=6, primary_key=True)
        favorites = pw.IntegerField(default=0)

        class Meta:
            table_name = "favorite_count"

    @migrator.create_model
    class PlacementRegionCount(pw.Model):
        region = pw.CharField(max_length=6, primary_key=True)
        placements = pw.IntegerField(default=0)
        filed = pw.IntegerField(default=0)
        completed = pw.IntegerField(default=0)
        left_early = pw.IntegerField(default=0)
        hired = pw.IntegerField(default=0)
        retained = pw.IntegerField(default=0)
        unrecorded = pw.IntegerField(default=0)

        class Meta:
            table_name = "placement_region_count"

    @migrator.create_model
    class PlacementUnitCount(pw.Model):
        region = pw.CharField(max_length=6)
        employer = pw.IntegerField()
        placements = pw.IntegerField(default=0)
        filed = pw.IntegerField(default=0)
        completed = pw.IntegerField(default=0)
        left_early = pw.IntegerField(default=0)
        hired = pw.IntegerField(default=0)
        retained = pw.IntegerField(default=0)
        unrecorded = pw.IntegerField(default=0)

        class Meta:
            table_name = "placement_unit_count"
            primary_key = pw.CompositeKey("region", "employer")

    @migrator.create_model
    class ClaimLineCount(pw.Model):
        region = pw.CharField(max_length=6)
        kind = pw.CharField(max_length=10)
        state = pw.CharField(max_length=10)
        lines = pw.IntegerField(default=0)
        amount_fen = pw.IntegerField(default=0)

        class Meta:
            table_name = "claim_line_count"
            primary_key = pw.CompositeKey("region", "kind", "state")

    postgres = isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)  # the app's db is a proxy
    for statement in (POSTGRES + COUNT_POSTGRES) if postgres else (SQLITE + COUNT_SQLITE):
        migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("012 cannot be rolled back; restore the backup taken before the upgrade")
