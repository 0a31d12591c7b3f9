import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery spine: the transactional outbox, enrollments pinned to a course version,
 * course assignments fanned out by the worker, lesson progress with replay protection,
 * and quiz attempts.
 */
export class Enrollment1764500000000 implements MigrationInterface {
  name = 'Enrollment1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Written in the same transaction as the state change it announces; the worker's relay moves
    // pending rows to BullMQ with job id = event id, woken by NOTIFY instead of polling.
    await q.query(`
      CREATE TABLE outbox_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenant(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_event_pending_idx ON outbox_event (created_at) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_event_published_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION mahir_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('mahir_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
      FOR EACH STATEMENT EXECUTE FUNCTION mahir_outbox_notify()`);

    await q.query(`
      CREATE TABLE course_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        course_id uuid NOT NULL REFERENCES course(id),
        -- {kind: 'employees', employeeIds} | {kind: 'unit', unitId, includeSubUnits} | {kind: 'position', positionId} | {kind: 'csv', employeeIds}
        target jsonb NOT NULL CHECK (jsonb_typeof(target) = 'object'),
        mandatory boolean NOT NULL DEFAULT false,
        due_at timestamptz,
        due_in_days integer CHECK (due_in_days BETWEEN 1 AND 3650),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        enrolled integer NOT NULL DEFAULT 0,
        already_enrolled integer NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (tenant_id, id),
        CHECK (due_at IS NULL OR due_in_days IS NULL)
      )`);
    await q.query(`CREATE INDEX course_assignment_tenant_idx ON course_assignment (tenant_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE enrollment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        course_id uuid NOT NULL REFERENCES course(id),
        -- The published version the learner studies; pinned when the enrollment becomes active.
        course_version integer,
        status text NOT NULL CHECK (status IN ('requested', 'active', 'completed', 'failed', 'withdrawn', 'rejected', 'expired')),
        origin text NOT NULL CHECK (origin IN ('self', 'assigned')),
        assignment_id uuid,
        mandatory boolean NOT NULL DEFAULT false,
        due_at timestamptz,
        progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        final_grade numeric(4,1) CHECK (final_grade BETWEEN 0 AND 100),
        requested_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        completed_at timestamptz,
        ended_at timestamptz,
        decided_by uuid,
        decision_note text CHECK (length(decision_note) <= 2000),
        last_activity_at timestamptz,
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        FOREIGN KEY (course_id, course_version) REFERENCES course_version(course_id, version),
        FOREIGN KEY (tenant_id, assignment_id) REFERENCES course_assignment(tenant_id, id),
        CHECK (status IN ('requested', 'rejected', 'withdrawn', 'expired') OR course_version IS NOT NULL),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL))
      )`);
    // One live enrollment per employee and course: assigning twice, or enrolling while assigned, never duplicates.
    await q.query(`CREATE UNIQUE INDEX enrollment_live_uq ON enrollment (employee_id, course_id) WHERE status IN ('requested', 'active')`);
    await q.query(`CREATE INDEX enrollment_employee_idx ON enrollment (tenant_id, employee_id, updated_at DESC)`);
    await q.query(`CREATE INDEX enrollment_course_idx ON enrollment (tenant_id, course_id, status)`);
    await q.query(`CREATE INDEX enrollment_due_idx ON enrollment (tenant_id, due_at) WHERE status = 'active' AND due_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE lesson_progress (
        enrollment_id uuid NOT NULL,
        lesson_id text NOT NULL CHECK (length(lesson_id) BETWEEN 1 AND 100),
        tenant_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        seconds_spent integer NOT NULL DEFAULT 0 CHECK (seconds_spent >= 0),
        -- Where the learner left off (seconds into a video, page of a document), for resuming on another device.
        position numeric(10,1) CHECK (position >= 0),
        -- Furthest point reached, percent of the lesson (a video counts when this reaches its threshold).
        percent smallint NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        completed_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (enrollment_id, lesson_id),
        FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollment(tenant_id, id)
      )`);
    // Client event ids already applied: the same event sent twice, or concurrently, has one effect.
    await q.query(`
      CREATE TABLE progress_event (
        id uuid PRIMARY KEY,
        enrollment_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX progress_event_received_idx ON progress_event (received_at)`);

    await q.query(`
      CREATE TABLE quiz_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        lesson_id text NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        status text NOT NULL CHECK (status IN ('in_progress', 'submitted', 'awaiting_review', 'graded')),
        -- The questions drawn for this attempt, in the order shown, with each one's option order.
        questions jsonb NOT NULL CHECK (jsonb_typeof(questions) = 'array'),
        answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
        started_at timestamptz NOT NULL,
        deadline_at timestamptz,
        submitted_at timestamptz,
        graded_at timestamptz,
        score_points numeric(10,2),
        max_points numeric(10,2),
        score_percent numeric(4,1) CHECK (score_percent BETWEEN 0 AND 100),
        passed boolean,
        results jsonb,
        UNIQUE (enrollment_id, lesson_id, number),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollment(tenant_id, id),
        CHECK ((status = 'in_progress') = (submitted_at IS NULL))
      )`);
    // One attempt open at a time per quiz: a second concurrent start is refused by the database.
    await q.query(`CREATE UNIQUE INDEX quiz_attempt_open_uq ON quiz_attempt (enrollment_id, lesson_id) WHERE status = 'in_progress'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['quiz_attempt', 'progress_event', 'lesson_progress', 'enrollment', 'course_assignment', 'outbox_event']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS mahir_outbox_notify()`);
  }
}
