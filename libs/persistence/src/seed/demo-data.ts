/**
 * Demo data of five agencies: units, positions, about 200 employees each, and one demo
 * login per tenant role per agency.
 *
 * This module is pure and deterministic: no I/O, no database, no clock-dependent or
 * unseeded randomness. A small seeded PRNG (mulberry32, seeded from the agency code)
 * drives every choice, so every call returns the same data.
 */
import {
  parseNip,
  TENANT_ROLES,
  type AgencyTimeZone,
  type PositionClass,
  type TenantRole,
} from '@mahir/competency';

// ---------------------------------------------------------------------------------
// Public shapes
// ---------------------------------------------------------------------------------

export interface DemoUnit {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface DemoPosition {
  code: string;
  name: string;
  positionClass: PositionClass;
}

export interface DemoEmployee {
  nip: string;
  fullName: string;
  email: string;
  unitCode: string;
  positionCode: string;
  supervisorNip: string | null;
  roles: TenantRole[];
}

export interface DemoAgency {
  code: string;
  name: string;
  shortName: string;
  timeZone: AgencyTimeZone;
  emailDomain: string;
  units: DemoUnit[];
  positions: DemoPosition[];
  employees: DemoEmployee[];
}

export interface DemoLogin {
  agencyCode: string;
  role: TenantRole;
  nip: string;
  email: string;
  fullName: string;
}

/** The password of every demo login. */
export const DEMO_PASSWORD = 'Mahir#2026';

// ---------------------------------------------------------------------------------
// Name lists (the data is Indonesian)
// ---------------------------------------------------------------------------------

type Region = 'jawa' | 'sunda' | 'mandailing' | 'toba' | 'melayu' | 'ambon' | 'ambonIslam' | 'serawai';

interface NamePool {
  male: readonly string[];
  female: readonly string[];
  /** Second (family or clan) names for men and for women; clans are the same for both. */
  familyMale: readonly string[];
  familyFemale: readonly string[];
  /** Share of Muslims, used for the honorifics H. / Hj. of senior officials. */
  muslimShare: number;
}

const JAWA_MALE = ['Budi', 'Agus', 'Bambang', 'Slamet', 'Joko', 'Eko', 'Heru', 'Wahyu', 'Teguh', 'Hadi', 'Sugeng', 'Bayu', 'Dimas', 'Arif', 'Rudi', 'Yudi', 'Andri', 'Didik', 'Setyo', 'Imam', 'Fajar', 'Aditya', 'Rizky', 'Adi'] as const;
const JAWA_FEMALE = ['Siti', 'Sri', 'Endang', 'Wulan', 'Retno', 'Dewi', 'Rina', 'Yuni', 'Ayu', 'Ratna', 'Puji', 'Tutik', 'Lilik', 'Nanik', 'Indah', 'Fitri', 'Anik', 'Kartika', 'Novi', 'Eni'] as const;
const JAWA_FAMILY_MALE = ['Santoso', 'Wibowo', 'Prasetyo', 'Susanto', 'Hartono', 'Setiawan', 'Nugroho', 'Purnomo', 'Kurniawan', 'Wijaya', 'Saputro', 'Hidayat', 'Sutrisno', 'Widodo', 'Suryono', 'Pamungkas', 'Hermawan', 'Firmansyah'] as const;
const JAWA_FAMILY_FEMALE = ['Rahayu', 'Lestari', 'Handayani', 'Wulandari', 'Suryani', 'Puspitasari', 'Wahyuni', 'Kusumawati', 'Rahmawati', 'Susilowati', 'Ningsih', 'Astuti', 'Utami', 'Sulistyowati', 'Anggraeni', 'Pratiwi'] as const;

const SUNDA_MALE = ['Asep', 'Ujang', 'Dede', 'Cecep', 'Yayan', 'Dadang', 'Aep', 'Iwan', 'Deden', 'Engkus', 'Rahmat', 'Agus', 'Ujang', 'Encep'] as const;
const SUNDA_FEMALE = ['Neneng', 'Euis', 'Iis', 'Nining', 'Lilis', 'Imas', 'Yeti', 'Enok', 'Tati', 'Nenden', 'Wida', 'Rina'] as const;
const SUNDA_FAMILY_MALE = ['Sutisna', 'Hidayat', 'Permana', 'Suryana', 'Kusnadi', 'Supriatna', 'Gunawan', 'Saepudin', 'Rustandi', 'Sopandi', 'Mulyana', 'Ruhiyat'] as const;
const SUNDA_FAMILY_FEMALE = ['Komariah', 'Rosmiati', 'Nurjanah', 'Kurniasih', 'Maryani', 'Sumiati', 'Rohaeti', 'Suhaeni', 'Mulyani', 'Nurhasanah'] as const;

/** Mandailing and Angkola Batak (mostly Muslim), common in Medan. */
const MANDAILING_MALE = ['Ahmad', 'Muhammad', 'Syahrul', 'Rahmat', 'Ismail', 'Irwan', 'Zulkarnain', 'Amir', 'Khairul', 'Fauzi', 'Ridwan', 'Hasan', 'Darwin', 'Taufik', 'Parlaungan'] as const;
const MANDAILING_FEMALE = ['Nurhalimah', 'Fatimah', 'Khairani', 'Rahmawati', 'Nurhayati', 'Zuraida', 'Masitah', 'Rosmaini', 'Hafsah', 'Juliana', 'Aminah', 'Sakinah'] as const;
const MANDAILING_CLANS = ['Nasution', 'Lubis', 'Harahap', 'Siregar', 'Daulay', 'Pohan', 'Ritonga', 'Batubara', 'Hasibuan', 'Rangkuti', 'Pulungan', 'Dalimunthe', 'Matondang', 'Tanjung'] as const;

/** Toba Batak (mostly Christian), common in Medan. */
const TOBA_MALE = ['Parlindungan', 'Hotman', 'Bonar', 'Tigor', 'Poltak', 'Marulam', 'Togar', 'Jhonson', 'Daniel', 'Samuel', 'Ferdinand', 'Roy', 'Rudolf', 'Hendra', 'Benny', 'Rinaldi', 'Martua', 'Sahat'] as const;
const TOBA_FEMALE = ['Rosmawati', 'Maria', 'Debora', 'Lasma', 'Tiurma', 'Rumondang', 'Ruth', 'Erna', 'Sondang', 'Yanti', 'Romauli', 'Lamria', 'Tiominar', 'Melva', 'Roslina', 'Friska'] as const;
const TOBA_CLANS = ['Sinaga', 'Simanjuntak', 'Hutapea', 'Situmorang', 'Panjaitan', 'Pardede', 'Manurung', 'Tambunan', 'Sitompul', 'Simatupang', 'Sihombing', 'Hutagalung', 'Silalahi', 'Napitupulu', 'Sitorus', 'Simbolon', 'Gultom', 'Purba'] as const;

/** Malay and Palembang names. */
const MELAYU_MALE = ['Ahmad', 'Muhammad', 'Syahrial', 'Zulkifli', 'Hendri', 'Rizal', 'Firdaus', 'Herman', 'Yusuf', 'Rusdi', 'Hasanudin', 'Fikri', 'Ridho', 'Dedi', 'Iskandar', 'Taufik', 'Arman', 'Kemas'] as const;
const MELAYU_FEMALE = ['Nurhayati', 'Yuliana', 'Fitriani', 'Rahmawati', 'Aisyah', 'Maimunah', 'Zubaidah', 'Rosdiana', 'Herlina', 'Nurlaila', 'Sumarni', 'Marlina', 'Yusnita', 'Erlina', 'Desi', 'Nyimas'] as const;
const MELAYU_FAMILY_MALE = ['Hasan', 'Effendi', 'Syamsuddin', 'Rahman', 'Ibrahim', 'Hamid', 'Saleh', 'Arifin', 'Anwar', 'Husin', 'Ismail', 'Syahputra', 'Saputra', 'Hidayatullah', 'Mansyur', 'Alamsyah'] as const;
const MELAYU_FAMILY_FEMALE = ['Sari', 'Wati', 'Hayati', 'Susanti', 'Oktaviani', 'Safitri', 'Yulianti', 'Puspita', 'Novianti', 'Anggraini', 'Permatasari', 'Agustina'] as const;

/** Ambonese (Christian families). */
const AMBON_MALE = ['Johanis', 'Frans', 'Yosias', 'Marthen', 'Jacob', 'Hendrik', 'Abraham', 'Samuel', 'Ronald', 'Welem', 'Jopie', 'Nicolaas', 'Zeth', 'Paulus', 'Melkianus', 'Elias', 'Yance', 'Stevy'] as const;
const AMBON_FEMALE = ['Maria', 'Ester', 'Yohana', 'Magdalena', 'Agustina', 'Elisabeth', 'Ruth', 'Selvi', 'Novita', 'Grace', 'Christina', 'Marlen', 'Yuliana', 'Martha', 'Olivia', 'Merry'] as const;
const AMBON_CLANS = ['Pattinama', 'Latuheru', 'Tuhumury', 'Sahetapy', 'Wattimena', 'Lewerissa', 'Pattikawa', 'Tahapary', 'Matulessy', 'Pattiasina', 'Leatemia', 'Nanlohy', 'Sopacua', 'Tupamahu', 'Ririmasse', 'Hehanussa', 'Manuputty', 'Pelupessy', 'Siahaya', 'Soplanit', 'Huwae', 'Tomasoa'] as const;

/** Ambonese (Muslim families). */
const AMBON_ISLAM_MALE = ['Abdullah', 'Ali', 'Husein', 'Ismail', 'Rahman', 'Hamid', 'Yusuf', 'Umar', 'Said', 'Rustam', 'Hasan', 'Mukhtar'] as const;
const AMBON_ISLAM_FEMALE = ['Fatima', 'Siti', 'Nurlela', 'Saadia', 'Halima', 'Salma', 'Nuraini', 'Rosna', 'Hadija', 'Jamila', 'Aisa'] as const;
const AMBON_ISLAM_CLANS = ['Tuasikal', 'Latuconsina', 'Ohorella', 'Marasabessy', 'Tuanaya', 'Pelu', 'Wakano', 'Latupono', 'Sialana', 'Lestaluhu'] as const;

/** Serawai and other Bengkulu names (Manna, Bengkulu Selatan). */
const SERAWAI_MALE = ['Rusli', 'Zainal', 'Syafri', 'Erwin', 'Dedi', 'Yusman', 'Amrullah', 'Jamaludin', 'Herwan', 'Darmawan', 'Rozali', 'Fauzan', 'Suharman', 'Gusman', 'Jonedi', 'Edwar', 'Hendri', 'Ardiansyah'] as const;
const SERAWAI_FEMALE = ['Nurmala', 'Darmawati', 'Yusnani', 'Rosmaini', 'Desi', 'Murni', 'Yuliarti', 'Sumiati', 'Rita', 'Lisnawati', 'Herawati', 'Nova', 'Yesi', 'Meli', 'Susi', 'Eli'] as const;
const SERAWAI_FAMILY_MALE = ['Efendi', 'Hamdani', 'Ramli', 'Zulkarnain', 'Saputra', 'Hasan', 'Syafrudin', 'Ismanto', 'Gunadi', 'Hermansyah', 'Jumadi', 'Darwis', 'Asmadi', 'Burhan'] as const;
const SERAWAI_FAMILY_FEMALE = ['Yanti', 'Susanti', 'Sari', 'Ningsih', 'Haryati', 'Wati', 'Lestari', 'Oktavia', 'Nengsih', 'Yulita', 'Marlena', 'Wahyuni'] as const;

const NAME_POOLS: Record<Region, NamePool> = {
  jawa: { male: JAWA_MALE, female: JAWA_FEMALE, familyMale: JAWA_FAMILY_MALE, familyFemale: JAWA_FAMILY_FEMALE, muslimShare: 0.9 },
  sunda: { male: SUNDA_MALE, female: SUNDA_FEMALE, familyMale: SUNDA_FAMILY_MALE, familyFemale: SUNDA_FAMILY_FEMALE, muslimShare: 1 },
  mandailing: { male: MANDAILING_MALE, female: MANDAILING_FEMALE, familyMale: MANDAILING_CLANS, familyFemale: MANDAILING_CLANS, muslimShare: 1 },
  toba: { male: TOBA_MALE, female: TOBA_FEMALE, familyMale: TOBA_CLANS, familyFemale: TOBA_CLANS, muslimShare: 0 },
  melayu: { male: MELAYU_MALE, female: MELAYU_FEMALE, familyMale: MELAYU_FAMILY_MALE, familyFemale: MELAYU_FAMILY_FEMALE, muslimShare: 1 },
  ambon: { male: AMBON_MALE, female: AMBON_FEMALE, familyMale: AMBON_CLANS, familyFemale: AMBON_CLANS, muslimShare: 0 },
  ambonIslam: { male: AMBON_ISLAM_MALE, female: AMBON_ISLAM_FEMALE, familyMale: AMBON_ISLAM_CLANS, familyFemale: AMBON_ISLAM_CLANS, muslimShare: 1 },
  serawai: { male: SERAWAI_MALE, female: SERAWAI_FEMALE, familyMale: SERAWAI_FAMILY_MALE, familyFemale: SERAWAI_FAMILY_FEMALE, muslimShare: 1 },
};

// ---------------------------------------------------------------------------------
// Academic titles
// ---------------------------------------------------------------------------------

/** The field of study that fits a unit; it drives the degrees of structural officials. */
type Field = 'general' | 'government' | 'health' | 'education' | 'engineering' | 'it';

const BACHELOR_BY_FIELD: Record<Field, readonly string[]> = {
  general: ['S.E.', 'S.H.', 'S.Sos.', 'S.IP.', 'S.AP.', 'S.Ak.'],
  government: ['S.STP.', 'S.STP.', 'S.Sos.', 'S.IP.', 'S.H.'],
  health: ['S.K.M.', 'S.K.M.', 'S.Kep.', 'S.Farm.'],
  education: ['S.Pd.', 'S.Pd.', 'S.Pd.I.', 'S.Sos.'],
  engineering: ['S.T.', 'S.T.', 'S.E.', 'S.Sos.'],
  it: ['S.Kom.', 'S.Kom.', 'S.T.', 'S.I.Kom.'],
};

const MASTER_BY_FIELD: Record<Field, readonly string[]> = {
  general: ['M.Si.', 'M.M.', 'M.AP.', 'M.H.'],
  government: ['M.Si.', 'M.AP.', 'M.M.'],
  health: ['M.Kes.', 'M.K.M.', 'M.Kes.'],
  education: ['M.Pd.', 'M.Pd.', 'M.Si.'],
  engineering: ['M.T.', 'M.Si.', 'M.T.'],
  it: ['M.Kom.', 'M.T.', 'M.Kom.'],
};

const DIPLOMA = ['A.Md.', 'A.Md.', 'A.Md.Ak.', 'A.Md.Kom.'] as const;

/** Degrees that go before the name when held by someone who graduated before the 1990s. */
const OLD_STYLE_PREFIX: Partial<Record<Field, { male: string; female: string }>> = {
  general: { male: 'Drs.', female: 'Dra.' },
  government: { male: 'Drs.', female: 'Dra.' },
  education: { male: 'Drs.', female: 'Dra.' },
  engineering: { male: 'Ir.', female: 'Ir.' },
};

// ---------------------------------------------------------------------------------
// Position catalogues
// ---------------------------------------------------------------------------------

const CITY_POSITIONS: readonly DemoPosition[] = [
  { code: 'SEKDA', name: 'Sekretaris Daerah', positionClass: 'jpt_madya' },
  { code: 'ASISTEN', name: 'Asisten Pemerintahan dan Kesejahteraan Rakyat', positionClass: 'jpt_pratama' },
  { code: 'KADIS', name: 'Kepala Dinas', positionClass: 'jpt_pratama' },
  { code: 'KABAN', name: 'Kepala Badan', positionClass: 'jpt_pratama' },
  { code: 'SEKDIS', name: 'Sekretaris Dinas', positionClass: 'administrator' },
  { code: 'SEKBAN', name: 'Sekretaris Badan', positionClass: 'administrator' },
  { code: 'KABAG', name: 'Kepala Bagian', positionClass: 'administrator' },
  { code: 'KABID', name: 'Kepala Bidang', positionClass: 'administrator' },
  { code: 'CAMAT', name: 'Camat', positionClass: 'administrator' },
  { code: 'SEKCAM', name: 'Sekretaris Kecamatan', positionClass: 'administrator' },
  { code: 'KASUBAG', name: 'Kepala Subbagian', positionClass: 'pengawas' },
  { code: 'KASUBBID', name: 'Kepala Subbidang', positionClass: 'pengawas' },
  { code: 'KASI', name: 'Kepala Seksi', positionClass: 'pengawas' },
  { code: 'LURAH', name: 'Lurah', positionClass: 'pengawas' },
  { code: 'SEKLUR', name: 'Sekretaris Kelurahan', positionClass: 'pengawas' },
  { code: 'KAPUSKESMAS', name: 'Kepala Puskesmas', positionClass: 'pengawas' },
  { code: 'PENGADM', name: 'Pengadministrasi Umum', positionClass: 'pelaksana' },
  { code: 'PENGOLAH', name: 'Pengolah Data', positionClass: 'pelaksana' },
  { code: 'OPERATOR', name: 'Operator Layanan', positionClass: 'pelaksana' },
  { code: 'BENDAHARA', name: 'Bendahara', positionClass: 'pelaksana' },
  { code: 'ANALIS_KEB', name: 'Analis Kebijakan Ahli Muda', positionClass: 'fungsional' },
  { code: 'PRAKOM', name: 'Pranata Komputer Ahli Pertama', positionClass: 'fungsional' },
  { code: 'PERAWAT', name: 'Perawat Terampil', positionClass: 'fungsional' },
  { code: 'BIDAN', name: 'Bidan Terampil', positionClass: 'fungsional' },
  { code: 'DOKTER', name: 'Dokter Ahli Pertama', positionClass: 'fungsional' },
  { code: 'GURU', name: 'Guru Ahli Pertama', positionClass: 'fungsional' },
  { code: 'ANALIS_SDM', name: 'Analis Sumber Daya Manusia Aparatur Ahli Pertama', positionClass: 'fungsional' },
  { code: 'WIDYAISWARA', name: 'Widyaiswara Ahli Muda', positionClass: 'fungsional' },
  { code: 'PERENCANA', name: 'Perencana Ahli Muda', positionClass: 'fungsional' },
  { code: 'ARSIPARIS', name: 'Arsiparis Terampil', positionClass: 'fungsional' },
  { code: 'PRANATA_HUMAS', name: 'Pranata Hubungan Masyarakat Ahli Pertama', positionClass: 'fungsional' },
  { code: 'PENGUJI_KB', name: 'Penguji Kendaraan Bermotor Terampil', positionClass: 'fungsional' },
  { code: 'ADMINDUK', name: 'Administrator Database Kependudukan Ahli Pertama', positionClass: 'fungsional' },
  { code: 'POLPP', name: 'Polisi Pamong Praja Terampil', positionClass: 'fungsional' },
];

/**
 * A kecamatan is headed by the Camat (administrator) and has no JPT of its own. The
 * catalogue still lists the city's JPT positions the Camat reports to, so every
 * position class exists in every agency; nobody in the kecamatan holds them.
 */
const KECAMATAN_POSITIONS: readonly DemoPosition[] = [
  { code: 'SEKDA', name: 'Sekretaris Daerah', positionClass: 'jpt_madya' },
  { code: 'ASISTEN', name: 'Asisten Pemerintahan', positionClass: 'jpt_pratama' },
  { code: 'CAMAT', name: 'Camat', positionClass: 'administrator' },
  { code: 'SEKCAM', name: 'Sekretaris Kecamatan', positionClass: 'administrator' },
  { code: 'KASUBAG', name: 'Kepala Subbagian', positionClass: 'pengawas' },
  { code: 'KASI', name: 'Kepala Seksi', positionClass: 'pengawas' },
  { code: 'LURAH', name: 'Lurah', positionClass: 'pengawas' },
  { code: 'SEKLUR', name: 'Sekretaris Kelurahan', positionClass: 'pengawas' },
  { code: 'PENGADM', name: 'Pengadministrasi Umum', positionClass: 'pelaksana' },
  { code: 'PENGOLAH', name: 'Pengolah Data', positionClass: 'pelaksana' },
  { code: 'OPERATOR', name: 'Operator Layanan', positionClass: 'pelaksana' },
  { code: 'BENDAHARA', name: 'Bendahara', positionClass: 'pelaksana' },
  { code: 'ANALIS_KEB', name: 'Analis Kebijakan Ahli Muda', positionClass: 'fungsional' },
  { code: 'PRAKOM', name: 'Pranata Komputer Ahli Pertama', positionClass: 'fungsional' },
  { code: 'ANALIS_SDM', name: 'Analis Sumber Daya Manusia Aparatur Ahli Pertama', positionClass: 'fungsional' },
  { code: 'PERENCANA', name: 'Perencana Ahli Pertama', positionClass: 'fungsional' },
  { code: 'ARSIPARIS', name: 'Arsiparis Terampil', positionClass: 'fungsional' },
  { code: 'PENYULUH_SOSIAL', name: 'Penyuluh Sosial Ahli Pertama', positionClass: 'fungsional' },
  { code: 'POLPP', name: 'Polisi Pamong Praja Terampil', positionClass: 'fungsional' },
];

// ---------------------------------------------------------------------------------
// Unit templates
// ---------------------------------------------------------------------------------

/** A staff slot that is always filled (after the head); `login` marks a demo login. */
interface StaffSlot {
  position: string;
  login?: TenantRole;
}

interface UnitSpec {
  code: string;
  name: string;
  parentCode: string | null;
  field: Field;
  /** Position of the unit head. */
  head: string;
  headLogin?: TenantRole;
  /** Staff always present in this unit. */
  fixed?: readonly StaffSlot[];
  /** Positions for the remaining staff; repeating a code makes it more likely. */
  pool?: readonly string[];
  /** Share of the remaining staff that goes to this unit. */
  weight?: number;
}

interface CityPlaces {
  kecamatan: string;
  kelurahan: string;
  puskesmas: string;
}

function cityUnits(places: CityPlaces): UnitSpec[] {
  return [
    { code: 'SETDA', name: 'Sekretariat Daerah', parentCode: null, field: 'general', head: 'SEKDA',
      fixed: [{ position: 'ASISTEN' }], pool: ['ANALIS_KEB', 'PENGADM', 'PENGOLAH'], weight: 4 },
    { code: 'BAGUMUM', name: 'Bagian Umum', parentCode: 'SETDA', field: 'general', head: 'KABAG',
      fixed: [{ position: 'KASUBAG' }], pool: ['PENGADM', 'PENGADM', 'PENGADM', 'BENDAHARA', 'ARSIPARIS', 'OPERATOR'], weight: 7 },
    { code: 'BAGORG', name: 'Bagian Organisasi', parentCode: 'SETDA', field: 'general', head: 'KABAG',
      fixed: [{ position: 'KASUBAG' }], pool: ['ANALIS_KEB', 'ANALIS_KEB', 'PENGOLAH', 'PENGADM'], weight: 4 },
    { code: 'BKPSDM', name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', parentCode: 'SETDA', field: 'general', head: 'KABAN',
      fixed: [
        { position: 'SEKBAN' },
        { position: 'KASUBAG' },
        { position: 'PRAKOM', login: 'tenant_admin' },
        { position: 'ANALIS_SDM', login: 'training_admin' },
      ],
      pool: ['ANALIS_SDM', 'ANALIS_SDM', 'PENGOLAH', 'PENGADM', 'ARSIPARIS'], weight: 6 },
    { code: 'BANGKOM', name: 'Bidang Pengembangan Kompetensi Aparatur', parentCode: 'BKPSDM', field: 'general', head: 'KABID',
      headLogin: 'supervisor',
      fixed: [
        { position: 'KASUBBID' },
        { position: 'WIDYAISWARA', login: 'grader' },
        { position: 'PENGOLAH', login: 'learner' },
      ],
      pool: ['ANALIS_SDM', 'WIDYAISWARA', 'PENGOLAH', 'PENGADM', 'OPERATOR'], weight: 5 },
    { code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', parentCode: 'SETDA', field: 'general', head: 'KADIS',
      fixed: [{ position: 'SEKDIS' }, { position: 'KABID' }, { position: 'KASI' }],
      pool: ['OPERATOR', 'OPERATOR', 'OPERATOR', 'ADMINDUK', 'PENGOLAH', 'PENGADM'], weight: 15 },
    { code: 'DISHUB', name: 'Dinas Perhubungan', parentCode: 'SETDA', field: 'engineering', head: 'KADIS',
      fixed: [{ position: 'SEKDIS' }, { position: 'KASI' }],
      pool: ['PENGUJI_KB', 'PENGUJI_KB', 'OPERATOR', 'PENGADM', 'PENGOLAH'], weight: 11 },
    { code: 'DINKES', name: 'Dinas Kesehatan', parentCode: 'SETDA', field: 'health', head: 'KADIS',
      fixed: [{ position: 'SEKDIS' }, { position: 'KASI' }],
      pool: ['PENGADM', 'PENGOLAH', 'ANALIS_KEB', 'PERAWAT', 'DOKTER'], weight: 9 },
    { code: 'PKM', name: places.puskesmas, parentCode: 'DINKES', field: 'health', head: 'KAPUSKESMAS',
      fixed: [{ position: 'DOKTER' }],
      pool: ['PERAWAT', 'PERAWAT', 'PERAWAT', 'BIDAN', 'BIDAN', 'DOKTER', 'PENGADM'], weight: 17 },
    { code: 'DISDIK', name: 'Dinas Pendidikan', parentCode: 'SETDA', field: 'education', head: 'KADIS',
      fixed: [{ position: 'SEKDIS' }, { position: 'KASI' }],
      pool: ['GURU', 'GURU', 'GURU', 'GURU', 'PENGADM', 'PENGOLAH'], weight: 22 },
    { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', parentCode: 'SETDA', field: 'engineering', head: 'KABAN',
      fixed: [{ position: 'SEKBAN' }, { position: 'KABID' }],
      pool: ['PERENCANA', 'PERENCANA', 'PERENCANA', 'ANALIS_KEB', 'PENGOLAH'], weight: 9 },
    { code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika', parentCode: 'SETDA', field: 'it', head: 'KADIS',
      fixed: [{ position: 'SEKDIS' }, { position: 'KASI' }],
      pool: ['PRAKOM', 'PRAKOM', 'PRANATA_HUMAS', 'PRANATA_HUMAS', 'OPERATOR', 'PENGOLAH'], weight: 9 },
    { code: 'KEC', name: places.kecamatan, parentCode: 'SETDA', field: 'government', head: 'CAMAT',
      fixed: [{ position: 'SEKCAM' }, { position: 'KASI' }],
      pool: ['PENGADM', 'OPERATOR', 'OPERATOR', 'POLPP', 'PENGOLAH'], weight: 9 },
    { code: 'KEL', name: places.kelurahan, parentCode: 'KEC', field: 'government', head: 'LURAH',
      fixed: [{ position: 'SEKLUR' }],
      pool: ['PENGADM', 'PENGADM', 'OPERATOR'], weight: 5 },
  ];
}

function kecamatanUnits(kecamatan: string, kelurahan: ReadonlyArray<readonly [string, string]>, kelurahanWeight: number): UnitSpec[] {
  const units: UnitSpec[] = [
    { code: 'KEC', name: kecamatan, parentCode: null, field: 'government', head: 'CAMAT' },
    { code: 'SEKCAM', name: 'Sekretariat Kecamatan', parentCode: 'KEC', field: 'government', head: 'SEKCAM',
      fixed: [
        { position: 'PRAKOM', login: 'tenant_admin' },
        { position: 'ANALIS_SDM', login: 'training_admin' },
        { position: 'ANALIS_KEB', login: 'grader' },
        { position: 'BENDAHARA' },
      ],
      pool: ['PENGADM', 'PENGADM', 'PENGOLAH', 'ARSIPARIS', 'BENDAHARA', 'PERENCANA'], weight: 16 },
    { code: 'SUBUMUM', name: 'Subbagian Umum dan Kepegawaian', parentCode: 'SEKCAM', field: 'general', head: 'KASUBAG',
      pool: ['PENGADM', 'PENGADM', 'ARSIPARIS', 'PENGOLAH'], weight: 8 },
    { code: 'PEM', name: 'Seksi Pemerintahan', parentCode: 'KEC', field: 'government', head: 'KASI',
      pool: ['PENGOLAH', 'PENGADM', 'ANALIS_KEB'], weight: 10 },
    { code: 'PELUM', name: 'Seksi Pelayanan Umum', parentCode: 'KEC', field: 'government', head: 'KASI',
      headLogin: 'supervisor',
      fixed: [{ position: 'OPERATOR', login: 'learner' }],
      pool: ['OPERATOR', 'OPERATOR', 'PENGOLAH', 'PENGADM'], weight: 14 },
    { code: 'KESOS', name: 'Seksi Kesejahteraan Sosial', parentCode: 'KEC', field: 'government', head: 'KASI',
      pool: ['PENYULUH_SOSIAL', 'PENYULUH_SOSIAL', 'PENGADM', 'PENGOLAH'], weight: 10 },
    { code: 'TRANTIB', name: 'Seksi Ketenteraman dan Ketertiban Umum', parentCode: 'KEC', field: 'government', head: 'KASI',
      pool: ['POLPP', 'POLPP', 'POLPP', 'PENGADM'], weight: 14 },
  ];
  for (const [code, name] of kelurahan) {
    units.push({
      code, name: `Kelurahan ${name}`, parentCode: 'KEC', field: 'government', head: 'LURAH',
      fixed: [{ position: 'SEKLUR' }, { position: 'KASI' }],
      pool: ['PENGADM', 'PENGADM', 'OPERATOR', 'OPERATOR', 'PENGOLAH'], weight: kelurahanWeight,
    });
  }
  return units;
}

// ---------------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------------

interface AgencySpec {
  code: string;
  name: string;
  shortName: string;
  timeZone: AgencyTimeZone;
  emailDomain: string;
  headcount: number;
  regions: ReadonlyArray<readonly [Region, number]>;
  positions: readonly DemoPosition[];
  units: UnitSpec[];
}

const AGENCY_SPECS: readonly AgencySpec[] = [
  {
    code: 'MANNA', name: 'Pemerintah Kota Manna', shortName: 'Pemkot Manna', timeZone: 'WIB',
    emailDomain: 'mannakota.go.id', headcount: 196,
    regions: [['serawai', 60], ['melayu', 15], ['jawa', 15], ['sunda', 5], ['mandailing', 5]],
    positions: CITY_POSITIONS,
    units: cityUnits({ kecamatan: 'Kecamatan Pasar Manna', kelurahan: 'Kelurahan Ketapang Besar', puskesmas: 'Puskesmas Pasar Manna' }),
  },
  {
    code: 'GAYUNGAN', name: 'Kecamatan Gayungan, Kota Surabaya', shortName: 'Kec. Gayungan', timeZone: 'WIB',
    emailDomain: 'gayungan.surabaya.go.id', headcount: 192,
    regions: [['jawa', 82], ['sunda', 5], ['melayu', 4], ['mandailing', 3], ['toba', 4], ['ambon', 2]],
    positions: KECAMATAN_POSITIONS,
    units: kecamatanUnits('Kecamatan Gayungan', [
      ['KELGAY', 'Gayungan'], ['KELMNG', 'Menanggal'], ['KELDKM', 'Dukuh Menanggal'], ['KELKTG', 'Ketintang'],
    ], 20),
  },
  {
    code: 'PLAJU', name: 'Kecamatan Plaju, Kota Palembang', shortName: 'Kec. Plaju', timeZone: 'WIB',
    emailDomain: 'plaju.palembang.go.id', headcount: 204,
    regions: [['melayu', 60], ['jawa', 20], ['sunda', 5], ['mandailing', 5], ['toba', 5], ['serawai', 5]],
    positions: KECAMATAN_POSITIONS,
    units: kecamatanUnits('Kecamatan Plaju', [
      ['KELPLU', 'Plaju Ulu'], ['KELPLI', 'Plaju Ilir'], ['KELTBB', 'Talang Bubuk'], ['KELBGK', 'Bagus Kuning'],
      ['KELKMP', 'Komperta'], ['KELPLD', 'Plaju Darat'], ['KELTPT', 'Talang Putri'],
    ], 12),
  },
  {
    code: 'AMBON', name: 'Pemerintah Kota Ambon', shortName: 'Pemkot Ambon', timeZone: 'WIT',
    emailDomain: 'ambon.go.id', headcount: 201,
    regions: [['ambon', 50], ['ambonIslam', 30], ['jawa', 8], ['toba', 5], ['melayu', 4], ['sunda', 3]],
    positions: CITY_POSITIONS,
    units: cityUnits({ kecamatan: 'Kecamatan Sirimau', kelurahan: 'Kelurahan Batu Meja', puskesmas: 'Puskesmas Rijali' }),
  },
  {
    code: 'MEDAN', name: 'Pemerintah Kota Medan', shortName: 'Pemkot Medan', timeZone: 'WIB',
    emailDomain: 'pemkomedan.go.id', headcount: 207,
    regions: [['toba', 30], ['mandailing', 30], ['melayu', 20], ['jawa', 17], ['sunda', 3]],
    positions: CITY_POSITIONS,
    units: cityUnits({ kecamatan: 'Kecamatan Medan Baru', kelurahan: 'Kelurahan Padang Bulan', puskesmas: 'Puskesmas Padang Bulan' }),
  },
];

// ---------------------------------------------------------------------------------
// NIP rules for the generator
// ---------------------------------------------------------------------------------

/** Birth-year range and latest service-start year, by position class (seniority). */
const CAREER_BY_CLASS: Record<PositionClass, { bornFrom: number; bornTo: number; latestStart: number }> = {
  jpt_madya: { bornFrom: 1966, bornTo: 1972, latestStart: 2000 },
  jpt_pratama: { bornFrom: 1967, bornTo: 1978, latestStart: 2005 },
  administrator: { bornFrom: 1968, bornTo: 1984, latestStart: 2010 },
  pengawas: { bornFrom: 1970, bornTo: 1990, latestStart: 2016 },
  pelaksana: { bornFrom: 1968, bornTo: 2000, latestStart: 2024 },
  fungsional: { bornFrom: 1970, bornTo: 2000, latestStart: 2024 },
};
const EARLIEST_START = 1990;
/** Starting at birth year + 19 or later guarantees an age of at least 18. */
const MIN_START_AGE_YEARS = 19;
/** CPNS appointments cluster in a few months (TMT); repeated months are more likely. */
const START_MONTHS = [1, 1, 1, 3, 3, 4, 12, 12, 2, 6, 10] as const;

/** Share of women by position, then by class (teachers, nurses and midwives lean female). */
const FEMALE_SHARE_BY_POSITION: Record<string, number> = {
  BIDAN: 1, PERAWAT: 0.78, GURU: 0.68, DOKTER: 0.6, POLPP: 0.15, PENGUJI_KB: 0.1,
};
const FEMALE_SHARE_BY_CLASS: Record<PositionClass, number> = {
  jpt_madya: 0.25, jpt_pratama: 0.3, administrator: 0.38, pengawas: 0.45, pelaksana: 0.5, fungsional: 0.55,
};

// ---------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit PRNG, good enough for demo data and fully reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, used as a per-agency seed. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('demo-data: cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------

interface Registry {
  nips: Set<string>;
  emails: Set<string>;
}

interface Slot {
  unit: UnitSpec;
  position: DemoPosition;
  isHead: boolean;
  login?: TenantRole;
}

type Sex = 'male' | 'female';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function makeNip(rng: Rng, positionClass: PositionClass, sex: Sex, registry: Registry): { nip: string; birthYear: number } {
  const career = CAREER_BY_CLASS[positionClass];
  const by = rng.int(career.bornFrom, career.bornTo);
  const bm = rng.int(1, 12);
  const bd = rng.int(1, daysInMonth(by, bm));
  let sy = Math.min(Math.max(by + rng.int(MIN_START_AGE_YEARS, 29), EARLIEST_START), career.latestStart);
  sy = Math.max(sy, by + MIN_START_AGE_YEARS);
  const sm = rng.pick(START_MONTHS);
  const prefix = `${by}${pad(bm)}${pad(bd)}${sy}${pad(sm)}${sex === 'male' ? '1' : '2'}`;
  let seq = rng.int(1, 300);
  let nip = `${prefix}${pad(seq, 3)}`;
  for (let tries = 0; registry.nips.has(nip); tries++) {
    if (tries >= 999) throw new Error(`demo-data: no free NIP sequence for ${prefix}`);
    seq = (seq % 999) + 1;
    nip = `${prefix}${pad(seq, 3)}`;
  }
  const parsed = parseNip(nip);
  if (!parsed.valid) throw new Error(`demo-data: generated an invalid NIP ${nip} (${parsed.rule})`);
  registry.nips.add(nip);
  return { nip, birthYear: by };
}

interface PersonName {
  /** The name without titles, e.g. "Siti Aminah". */
  plain: string;
  first: string;
  last: string;
  pool: NamePool;
}

function makeName(rng: Rng, region: Region, sex: Sex): PersonName {
  const pool = NAME_POOLS[region];
  const givenNames = sex === 'male' ? pool.male : pool.female;
  const familyNames = sex === 'male' ? pool.familyMale : pool.familyFemale;
  const first = rng.pick(givenNames);
  let middle: string | null = null;
  if (rng.chance(0.15)) {
    const candidate = rng.pick(givenNames);
    if (candidate !== first) middle = candidate;
  }
  let last = rng.pick(familyNames);
  if (last === first || last === middle) last = rng.pick(familyNames.filter((n) => n !== first && n !== middle));
  const plain = [first, middle, last].filter((part): part is string => part !== null).join(' ');
  return { plain, first, last, pool };
}

/** Degrees that fit a functional position regardless of the unit. */
function functionalDegrees(rng: Rng, positionCode: string): { prefix: string[]; suffix: string[] } | null {
  switch (positionCode) {
    case 'DOKTER':
      return { prefix: ['dr.'], suffix: rng.chance(0.15) ? ['M.Kes.'] : [] };
    case 'PERAWAT':
      return { prefix: [], suffix: ['A.Md.Kep.'] };
    case 'BIDAN':
      return { prefix: [], suffix: ['A.Md.Keb.'] };
    case 'GURU':
      return { prefix: [], suffix: [rng.pick(['S.Pd.', 'S.Pd.', 'S.Pd.I.', 'S.Pd.'])] };
    case 'PRAKOM':
    case 'ADMINDUK':
      return { prefix: [], suffix: [rng.pick(['S.Kom.', 'S.Kom.', 'S.T.'])] };
    case 'PRANATA_HUMAS':
      return { prefix: [], suffix: [rng.pick(['S.I.Kom.', 'S.Sos.'])] };
    case 'ANALIS_SDM':
      return { prefix: [], suffix: [rng.pick(['S.Psi.', 'S.Sos.', 'S.AP.', 'S.E.'])] };
    case 'WIDYAISWARA':
      return { prefix: [], suffix: [rng.pick(['S.Sos.', 'S.Pd.', 'S.H.']), rng.pick(['M.Si.', 'M.Pd.', 'M.AP.'])] };
    case 'PERENCANA':
      return { prefix: [], suffix: [rng.pick(['S.E.', 'S.T.', 'S.P.']), ...(rng.chance(0.4) ? ['M.Si.'] : [])] };
    case 'ANALIS_KEB':
      return { prefix: [], suffix: [rng.pick(['S.Sos.', 'S.IP.', 'S.AP.', 'S.H.']), ...(rng.chance(0.4) ? [rng.pick(['M.Si.', 'M.AP.'])] : [])] };
    case 'PENYULUH_SOSIAL':
      return { prefix: [], suffix: ['S.Sos.'] };
    case 'ARSIPARIS':
    case 'PENGUJI_KB':
      return { prefix: [], suffix: rng.chance(0.8) ? ['A.Md.'] : [] };
    case 'POLPP':
      return { prefix: [], suffix: rng.chance(0.2) ? ['A.Md.'] : [] };
    default:
      return null;
  }
}

/** Degrees of structural officials and pelaksana, driven by class and the unit's field. */
function structuralDegrees(rng: Rng, positionClass: PositionClass, field: Field, sex: Sex, birthYear: number): { prefix: string[]; suffix: string[] } {
  if (positionClass === 'pelaksana') {
    const roll = rng.int(1, 100);
    if (roll <= 40) return { prefix: [], suffix: [] }; // secondary school
    if (roll <= 65) return { prefix: [], suffix: [rng.pick(DIPLOMA)] };
    // S.STP. is the IPDN degree of career officials, not of pelaksana staff.
    return { prefix: [], suffix: [rng.pick(BACHELOR_BY_FIELD[field === 'government' ? 'general' : field])] };
  }
  const masterChance: Record<PositionClass, number> = {
    jpt_madya: 1, jpt_pratama: 1, administrator: 0.75, pengawas: 0.4, pelaksana: 0, fungsional: 0.3,
  };
  const prefix: string[] = [];
  const suffix: string[] = [];
  const hasMaster = rng.chance(masterChance[positionClass]);
  const oldStyle = OLD_STYLE_PREFIX[field];
  if (field === 'health' && rng.chance(0.35)) {
    prefix.push('dr.');
  } else if (oldStyle && birthYear < 1971 && rng.chance(0.6)) {
    prefix.push(sex === 'male' ? oldStyle.male : oldStyle.female);
  } else {
    suffix.push(rng.pick(BACHELOR_BY_FIELD[field]));
  }
  if (hasMaster) {
    suffix.push(rng.pick(MASTER_BY_FIELD[field]));
    if ((positionClass === 'jpt_madya' || positionClass === 'jpt_pratama' || positionClass === 'administrator') && rng.chance(0.12)) {
      prefix.unshift('Dr.');
    }
  }
  return { prefix, suffix };
}

function decorateName(
  rng: Rng,
  name: PersonName,
  sex: Sex,
  position: DemoPosition,
  field: Field,
  birthYear: number,
): string {
  const degrees =
    functionalDegrees(rng, position.code) ?? structuralDegrees(rng, position.positionClass, field, sex, birthYear);
  const prefix = [...degrees.prefix];
  const senior = position.positionClass !== 'pelaksana' && position.positionClass !== 'fungsional';
  if (senior && birthYear < 1982 && rng.chance(name.pool.muslimShare * 0.25)) {
    // Hajj honorific comes after academic prefixes: "Dr. H. Ahmad Nasution, S.H., M.Si."
    prefix.push(sex === 'male' ? 'H.' : 'Hj.');
  }
  const head = [...prefix, name.plain].join(' ');
  return degrees.suffix.length > 0 ? `${head}, ${degrees.suffix.join(', ')}` : head;
}

function emailLocalPart(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, '');
}

function makeEmail(name: PersonName, domain: string, registry: Registry): string {
  const base = `${emailLocalPart(name.first)}.${emailLocalPart(name.last)}`;
  let email = `${base}@${domain}`;
  for (let n = 2; registry.emails.has(email); n++) email = `${base}.${n}@${domain}`;
  registry.emails.add(email);
  return email;
}

/** Splits `total` over `weights` proportionally (largest remainder), ties to the earlier unit. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] += 1;
    left -= 1;
  }
  return counts;
}

function buildAgency(spec: AgencySpec, registry: Registry): { agency: DemoAgency; logins: DemoLogin[] } {
  const rng = new Rng(hashSeed(`mahir-demo:${spec.code}`));
  const positionsByCode = new Map(spec.positions.map((p) => [p.code, p]));
  const positionOf = (code: string): DemoPosition => {
    const position = positionsByCode.get(code);
    if (!position) throw new Error(`demo-data: ${spec.code} has no position ${code}`);
    return position;
  };

  // 1. Slots: every head, every fixed staff member, then the rest by weight.
  const fixedSlots: Slot[][] = spec.units.map((unit) => [
    { unit, position: positionOf(unit.head), isHead: true, login: unit.headLogin },
    ...(unit.fixed ?? []).map((s) => ({ unit, position: positionOf(s.position), isHead: false, login: s.login })),
  ]);
  const fixedCount = fixedSlots.reduce((n, slots) => n + slots.length, 0);
  const fillCounts = apportion(
    spec.headcount - fixedCount,
    spec.units.map((u) => (u.pool && u.pool.length > 0 ? (u.weight ?? 0) : 0)),
  );
  const slots: Slot[] = spec.units.flatMap((unit, i) => [
    ...fixedSlots[i],
    ...Array.from({ length: fillCounts[i] }, (): Slot => ({
      unit,
      position: positionOf(rng.pick(unit.pool ?? [])),
      isHead: false,
    })),
  ]);

  // 2. People.
  const employees: DemoEmployee[] = [];
  const headNipByUnit = new Map<string, string>();
  const loginByRole = new Map<TenantRole, DemoEmployee>();
  for (const slot of slots) {
    const femaleShare =
      FEMALE_SHARE_BY_POSITION[slot.position.code] ?? FEMALE_SHARE_BY_CLASS[slot.position.positionClass];
    const sex: Sex = rng.chance(femaleShare) ? 'female' : 'male';
    const region = rng.weighted(spec.regions);
    const name = makeName(rng, region, sex);
    const { nip, birthYear } = makeNip(rng, slot.position.positionClass, sex, registry);
    const employee: DemoEmployee = {
      nip,
      fullName: decorateName(rng, name, sex, slot.position, slot.unit.field, birthYear),
      email: makeEmail(name, spec.emailDomain, registry),
      unitCode: slot.unit.code,
      positionCode: slot.position.code,
      supervisorNip: null,
      roles: ['learner'],
    };
    if (slot.isHead) headNipByUnit.set(slot.unit.code, nip);
    if (slot.login) {
      if (loginByRole.has(slot.login)) throw new Error(`demo-data: ${spec.code} has two ${slot.login} logins`);
      loginByRole.set(slot.login, employee);
    }
    employees.push(employee);
  }

  // 3. Reporting lines: staff report to their unit head, heads to the parent unit's head.
  const unitsByCode = new Map(spec.units.map((u) => [u.code, u]));
  slots.forEach((slot, i) => {
    const unitCode = slot.isHead ? slot.unit.parentCode : slot.unit.code;
    employees[i].supervisorNip = unitCode === null ? null : (headNipByUnit.get(unitCode) ?? null);
    if (unitCode !== null && !unitsByCode.has(unitCode)) throw new Error(`demo-data: unknown unit ${unitCode}`);
  });

  // 4. Roles: everyone learns; whoever has reports supervises; demo logins get their role.
  const supervisors = new Set(employees.map((e) => e.supervisorNip).filter((n): n is string => n !== null));
  for (const employee of employees) {
    const roles = new Set<TenantRole>(['learner']);
    if (supervisors.has(employee.nip)) roles.add('supervisor');
    for (const [role, holder] of loginByRole) if (holder === employee) roles.add(role);
    employee.roles = TENANT_ROLES.filter((r) => roles.has(r));
  }

  const logins: DemoLogin[] = TENANT_ROLES.map((role) => {
    const holder = loginByRole.get(role);
    if (!holder) throw new Error(`demo-data: ${spec.code} has no ${role} login`);
    return { agencyCode: spec.code, role, nip: holder.nip, email: holder.email, fullName: holder.fullName };
  });

  const agency: DemoAgency = {
    code: spec.code,
    name: spec.name,
    shortName: spec.shortName,
    timeZone: spec.timeZone,
    emailDomain: spec.emailDomain,
    units: spec.units.map((u) => ({ code: u.code, name: u.name, parentCode: u.parentCode })),
    positions: spec.positions.map((p) => ({ ...p })),
    employees,
  };
  return { agency, logins };
}

function generate(): { agencies: DemoAgency[]; logins: DemoLogin[] } {
  const registry: Registry = { nips: new Set(), emails: new Set() };
  const built = AGENCY_SPECS.map((spec) => buildAgency(spec, registry));
  return { agencies: built.map((b) => b.agency), logins: built.flatMap((b) => b.logins) };
}

/** The five demo agencies; every call returns fresh objects with the same content. */
export function demoAgencies(): DemoAgency[] {
  return generate().agencies;
}

/** One login per tenant role per agency (agency order, then TENANT_ROLES order). */
export function demoLogins(): DemoLogin[] {
  return generate().logins;
}
