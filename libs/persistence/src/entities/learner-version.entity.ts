import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A number that changes with every write to a learner's enrollments or progress (kept by triggers); "my courses" caches key on it. */
@Entity('learner_version')
export class LearnerVersion {
  @PrimaryColumn('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('bigint', { default: 1 }) version!: string;
}
