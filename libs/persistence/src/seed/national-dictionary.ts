import type { CompetencyLevel, CompetencyType } from '@mahir/competency';

/**
 * The national managerial and socio-cultural competency dictionary of
 * PermenPANRB No. 38 Tahun 2017 (Standar Kompetensi Jabatan ASN).
 *
 * Shipped as seed data shared by all tenants and read-only for them. The
 * competency names, their order and the five levels follow the regulation; the
 * definitions, level descriptions and behaviour indicators are Mahir's own
 * wording of the same meaning (level 1 basic and individual, up to level 5
 * strategic and organisation-wide).
 */

export interface DictionaryLevel {
  level: CompetencyLevel;
  description: string;
  indicators: string[];
}

export interface DictionaryCompetency {
  /** Stable, uppercase: 'M.1' to 'M.8' for managerial, 'SK.1' for Perekat Bangsa. */
  code: string;
  type: Extract<CompetencyType, 'manajerial' | 'sosial_kultural'>;
  name: string;
  /** Definition, one or two sentences. */
  description: string;
  /** Exactly levels 1..5 in order. */
  levels: DictionaryLevel[];
}

export const NATIONAL_DICTIONARY_VERSION = '38/2017';

export const NATIONAL_DICTIONARY: readonly DictionaryCompetency[] = [
  {
    code: 'M.1',
    type: 'manajerial',
    name: 'Integritas',
    description:
      'Keteguhan untuk bersikap jujur dan bertindak sesuai nilai, norma, dan etika organisasi dalam setiap interaksi kerja, serta kesediaan menanggung akibat dari tindakan dan keputusan sendiri.',
    levels: [
      {
        level: 1,
        description: 'Berlaku jujur dan menaati aturan serta etika organisasi dalam tugasnya sendiri.',
        indicators: [
          'Menyampaikan informasi dan laporan pekerjaan apa adanya, tanpa menutupi atau mengubah fakta.',
          'Melaksanakan tugas sesuai ketentuan, prosedur, dan kode etik yang berlaku.',
          'Mengakui kekeliruan yang dibuatnya dan segera memperbaikinya.',
        ],
      },
      {
        level: 2,
        description: 'Mengingatkan dan mengajak rekan kerja untuk menjaga nilai dan etika organisasi.',
        indicators: [
          'Menegur rekan kerja secara santun ketika melihat tindakan yang menyimpang dari aturan atau etika.',
          'Menolak ikut serta dalam praktik yang tidak etis meskipun dianggap lazim di sekitarnya.',
          'Mengajak rekan kerja menyelesaikan pekerjaan dengan cara yang sah dan dapat dipertanggungjawabkan.',
        ],
      },
      {
        level: 3,
        description: 'Menanamkan dan memastikan kepatuhan pada nilai dan etika di unit yang dipimpinnya.',
        indicators: [
          'Menjelaskan kepada anggota tim mengapa pekerjaan harus dijalankan sesuai nilai dan etika organisasi.',
          'Memantau pelaksanaan tugas di unitnya agar tetap sesuai aturan dan kode etik.',
          'Menindaklanjuti pelanggaran etika di unitnya secara adil dan tanpa pilih kasih.',
        ],
      },
      {
        level: 4,
        description: 'Membangun lingkungan kerja yang membuat integritas terjaga secara konsisten lintas unit.',
        indicators: [
          'Menata mekanisme kerja yang menutup peluang penyimpangan, misalnya pemisahan wewenang dan pengawasan berlapis.',
          'Mempertahankan keputusan yang benar walaupun menghadapi tekanan atau risiko pribadi.',
          'Memberi penghargaan kepada pegawai yang menunjukkan kejujuran dan keteguhan etika.',
        ],
      },
      {
        level: 5,
        description: 'Menjadi teladan yang membentuk budaya integritas di seluruh instansi.',
        indicators: [
          'Menunjukkan keselarasan antara ucapan, sikap, dan keputusan sehingga dijadikan panutan oleh pegawai di seluruh instansi.',
          'Menetapkan kebijakan dan sistem yang menjadikan integritas bagian dari budaya kerja instansi.',
          'Mempertanggungjawabkan keputusan strategis beserta risikonya secara terbuka di hadapan publik dan pemangku kepentingan.',
        ],
      },
    ],
  },
  {
    code: 'M.2',
    type: 'manajerial',
    name: 'Kerja Sama',
    description:
      'Kemampuan menjalin, memelihara, dan mengembangkan hubungan kerja yang produktif dengan rekan, unit lain, dan pihak luar agar tujuan organisasi tercapai.',
    levels: [
      {
        level: 1,
        description: 'Berperan aktif sebagai anggota dalam kelompok kerja.',
        indicators: [
          'Menyelesaikan bagian tugas yang menjadi tanggung jawabnya dalam kelompok tepat waktu.',
          'Berbagi informasi yang relevan dengan anggota kelompok.',
          'Menghargai pendapat dan masukan anggota kelompok lain.',
        ],
      },
      {
        level: 2,
        description: 'Mendorong partisipasi anggota dan efektivitas tim kerja.',
        indicators: [
          'Membantu anggota tim yang mengalami kesulitan menyelesaikan tugasnya.',
          'Mengajak seluruh anggota tim menyampaikan gagasan dalam diskusi.',
          'Mendahulukan kepentingan tim di atas kepentingan pribadi.',
        ],
      },
      {
        level: 3,
        description: 'Membentuk dan mengarahkan tim kerja untuk meningkatkan kinerja unit.',
        indicators: [
          'Membagi peran dalam tim sesuai kemampuan masing-masing anggota.',
          'Menyelesaikan perbedaan pendapat dalam tim secara terbuka dan konstruktif.',
          'Menjalin kerja sama dengan unit lain untuk mendukung sasaran unit kerjanya.',
        ],
      },
      {
        level: 4,
        description: 'Membangun komitmen dan sinergi antarunit dalam organisasi.',
        indicators: [
          'Menyatukan kepentingan berbagai unit dalam program kerja bersama.',
          'Menyediakan forum koordinasi yang memudahkan kolaborasi lintas unit.',
          'Mengatasi hambatan struktural maupun nonstruktural yang merintangi kerja sama antarunit.',
        ],
      },
      {
        level: 5,
        description: 'Menciptakan kolaborasi strategis lintas instansi pada tingkat nasional.',
        indicators: [
          'Memprakarsai kemitraan dengan instansi lain, pemerintah daerah, atau pihak swasta untuk sasaran bersama.',
          'Menetapkan kebijakan yang menumbuhkan budaya kolaborasi di seluruh organisasi.',
          'Memelihara hubungan jangka panjang dengan mitra strategis demi kepentingan nasional.',
        ],
      },
    ],
  },
  {
    code: 'M.3',
    type: 'manajerial',
    name: 'Komunikasi',
    description:
      'Kemampuan menyampaikan dan menerima gagasan, informasi, serta pesan secara lisan maupun tertulis dengan jelas dan tepat sasaran, sehingga terbangun saling pengertian yang menunjang pelaksanaan tugas.',
    levels: [
      {
        level: 1,
        description: 'Menyampaikan informasi secara jelas dan lengkap sehingga dipahami sama oleh penerimanya.',
        indicators: [
          'Menyampaikan pesan dengan bahasa yang mudah dimengerti.',
          'Memastikan penerima memahami informasi dengan mengajukan pertanyaan konfirmasi.',
          'Menyusun tulisan sederhana, seperti surat atau laporan singkat, secara runtut.',
        ],
      },
      {
        level: 2,
        description: 'Berkomunikasi aktif secara formal maupun informal dan mendengarkan dengan saksama.',
        indicators: [
          'Mendengarkan lawan bicara dengan penuh perhatian sebelum menanggapi.',
          'Menanggapi pesan yang diterima dengan respons yang sesuai dengan maksudnya.',
          'Menyiapkan bahan paparan yang tersusun baik untuk rapat atau pertemuan.',
        ],
      },
      {
        level: 3,
        description: 'Berkomunikasi secara asertif untuk menyampaikan informasi yang sensitif atau kompleks.',
        indicators: [
          'Menyampaikan pendapat secara tegas namun tetap menghormati pihak lain.',
          'Menjelaskan persoalan yang rumit secara runtut dan mudah dipahami.',
          'Memilih cara dan saluran komunikasi yang sesuai dengan audiensnya.',
        ],
      },
      {
        level: 4,
        description: 'Mengemukakan gagasan dari berbagai sudut pandang untuk membangun kesepakatan demi kinerja organisasi.',
        indicators: [
          'Menyajikan argumen yang menimbang berbagai sudut pandang untuk meyakinkan pemangku kepentingan.',
          'Memfasilitasi dialog yang menghasilkan kesepakatan di antara pihak yang berbeda kepentingan.',
          'Menyusun naskah kebijakan atau laporan strategis yang lugas dan meyakinkan.',
        ],
      },
      {
        level: 5,
        description: 'Menggagas sistem komunikasi terbuka yang bersifat strategis bagi organisasi.',
        indicators: [
          'Membangun saluran komunikasi yang transparan antara pimpinan, pegawai, dan publik.',
          'Mewakili instansi dalam forum nasional dengan pesan yang konsisten dan meyakinkan.',
          'Menggunakan komunikasi strategis untuk menemukan solusi atas persoalan organisasi.',
        ],
      },
    ],
  },
  {
    code: 'M.4',
    type: 'manajerial',
    name: 'Orientasi pada Hasil',
    description:
      'Kemampuan menjaga komitmen untuk menuntaskan tugas secara bertanggung jawab, mencapai atau melampaui standar hasil kerja, serta terus mencari cara kerja yang lebih baik.',
    levels: [
      {
        level: 1,
        description: 'Bertanggung jawab memenuhi standar kerja yang ditetapkan.',
        indicators: [
          'Menyelesaikan tugas sesuai target mutu dan tenggat waktu.',
          'Memeriksa kembali hasil kerjanya sebelum diserahkan.',
          'Melaporkan kemajuan dan hambatan pekerjaan kepada atasan.',
        ],
      },
      {
        level: 2,
        description: 'Meningkatkan hasil kerja pribadi melampaui standar dengan mencoba cara baru.',
        indicators: [
          'Menetapkan sasaran kerja pribadi yang lebih tinggi dari standar minimal.',
          'Mencari dan mencoba metode kerja alternatif agar hasilnya lebih baik.',
          'Menggunakan waktu dan sumber daya secara efisien untuk mencapai hasil.',
        ],
      },
      {
        level: 3,
        description: 'Menetapkan target menantang bagi unit kerja dan mendorong pencapaiannya.',
        indicators: [
          'Menetapkan target kinerja unit yang terukur dan menantang.',
          'Memberi apresiasi atas capaian yang baik dan teguran atas kinerja yang kurang.',
          'Memantau capaian kinerja unit secara berkala dan melakukan perbaikan bila diperlukan.',
        ],
      },
      {
        level: 4,
        description: 'Mendorong unit-unit kerja mencapai atau melampaui target dan capaian sebelumnya.',
        indicators: [
          'Mengarahkan sumber daya pada program yang paling berdampak terhadap sasaran organisasi.',
          'Membandingkan kinerja dengan capaian periode lalu atau praktik terbaik untuk menaikkan standar.',
          'Mengambil langkah yang risikonya telah diperhitungkan untuk meningkatkan hasil.',
        ],
      },
      {
        level: 5,
        description: 'Menetapkan kebijakan yang meningkatkan kinerja organisasi secara menyeluruh.',
        indicators: [
          'Merumuskan sasaran strategis instansi yang selaras dengan prioritas nasional.',
          'Membangun sistem manajemen kinerja yang mendorong pencapaian di seluruh organisasi.',
          'Mengevaluasi dampak kebijakan terhadap kinerja organisasi dan menyesuaikannya.',
        ],
      },
    ],
  },
  {
    code: 'M.5',
    type: 'manajerial',
    name: 'Pelayanan Publik',
    description:
      'Kemampuan menyelenggarakan pelayanan kepada masyarakat secara profesional, transparan, netral, dan tidak diskriminatif, dengan memahami kebutuhan pemangku kepentingan dan mendahulukan kepentingan umum di atas kepentingan pribadi atau golongan.',
    levels: [
      {
        level: 1,
        description: 'Memberikan pelayanan sesuai standar operasional prosedur.',
        indicators: [
          'Melayani masyarakat dengan ramah, sopan, dan tanpa membeda-bedakan.',
          'Menjalankan pelayanan sesuai prosedur, persyaratan, dan waktu yang ditetapkan.',
          'Memberikan informasi layanan yang benar dan mudah dipahami.',
        ],
      },
      {
        level: 2,
        description: 'Mengawasi dan menjelaskan proses pelayanan secara transparan.',
        indicators: [
          'Menjelaskan alur, biaya, dan waktu layanan secara terbuka kepada pengguna.',
          'Mengawasi pelaksanaan layanan oleh rekan kerja agar sesuai standar.',
          'Menanggapi keluhan pengguna layanan dengan cepat dan tuntas.',
        ],
      },
      {
        level: 3,
        description: 'Menggerakkan kekuatan tim untuk memperbaiki standar pelayanan.',
        indicators: [
          'Menghimpun masukan pengguna layanan sebagai dasar perbaikan.',
          'Mengusulkan dan menerapkan penyempurnaan prosedur layanan di unitnya.',
          'Menggerakkan anggota tim untuk meningkatkan mutu layanan.',
        ],
      },
      {
        level: 4,
        description: 'Mengantisipasi isu jangka panjang dan beragam kepentingan yang memengaruhi pelayanan.',
        indicators: [
          'Memantau dan mengevaluasi kinerja pelayanan secara berkala.',
          'Mengenali isu, peluang, dan pengaruh politik yang dapat berdampak pada layanan.',
          'Menjaga objektivitas dan profesionalitas layanan di tengah beragam kepentingan pemangku kepentingan.',
        ],
      },
      {
        level: 5,
        description: 'Menjamin kebijakan pelayanan publik yang netral dan bebas dari kepentingan pribadi atau golongan.',
        indicators: [
          'Menetapkan kebijakan pelayanan yang menjamin perlakuan setara bagi seluruh warga.',
          'Memastikan pelayanan tidak dipengaruhi kepentingan pribadi, kelompok, atau partai politik.',
          'Mendorong inovasi pelayanan yang berdampak luas di tingkat instansi dan nasional.',
        ],
      },
    ],
  },
  {
    code: 'M.6',
    type: 'manajerial',
    name: 'Pengembangan Diri dan Orang Lain',
    description:
      'Kemampuan meningkatkan pengetahuan dan keterampilan diri secara berkelanjutan, serta mendorong, membimbing, dan memberi kesempatan kepada orang lain untuk berkembang.',
    levels: [
      {
        level: 1,
        description: 'Mengembangkan kemampuan diri sendiri secara berkelanjutan.',
        indicators: [
          'Mengenali kekuatan dan kekurangan dirinya terkait tugas.',
          'Mengikuti pelatihan, kursus, atau kegiatan belajar yang relevan dengan pekerjaan.',
          'Menerapkan pengetahuan baru dalam pelaksanaan tugas.',
        ],
      },
      {
        level: 2,
        description: 'Meningkatkan kemampuan rekan atau bawahan melalui contoh dan penjelasan.',
        indicators: [
          'Memperagakan cara mengerjakan tugas kepada rekan atau bawahan.',
          'Menjelaskan langkah kerja beserta alasannya dengan sabar.',
          'Berbagi pengetahuan dan pengalaman kerja dengan orang lain.',
        ],
      },
      {
        level: 3,
        description: 'Membimbing dan memberi umpan balik untuk pengembangan bawahan.',
        indicators: [
          'Memberikan umpan balik yang spesifik dan membangun atas hasil kerja bawahan.',
          'Memberikan penugasan yang menantang sebagai sarana belajar.',
          'Menyusun rencana pengembangan individu bersama bawahan.',
        ],
      },
      {
        level: 4,
        description: 'Merancang program pengembangan jangka panjang untuk mendorong pembelajaran organisasi.',
        indicators: [
          'Menyusun program pengembangan kompetensi berdasarkan analisis kebutuhan.',
          'Menyiapkan kader pengganti untuk jabatan-jabatan kunci.',
          'Mengalokasikan sumber daya untuk kegiatan pengembangan pegawai.',
        ],
      },
      {
        level: 5,
        description: 'Membangun budaya belajar berkelanjutan di seluruh organisasi.',
        indicators: [
          'Menetapkan kebijakan yang menjadikan pembelajaran bagian dari sistem kerja instansi.',
          'Mendorong instansi menjadi organisasi pembelajar melalui praktik berbagi pengetahuan.',
          'Menjadi teladan belajar sepanjang hayat bagi seluruh pegawai.',
        ],
      },
    ],
  },
  {
    code: 'M.7',
    type: 'manajerial',
    name: 'Mengelola Perubahan',
    description:
      'Kemampuan menyesuaikan diri dengan situasi yang baru atau berubah tanpa terpaku pada cara lama, serta menggerakkan dukungan orang lain agar perubahan yang diperlukan berjalan efektif.',
    levels: [
      {
        level: 1,
        description: 'Menyesuaikan diri dengan perubahan situasi kerja.',
        indicators: [
          'Menerima kebijakan atau prosedur baru dengan sikap terbuka.',
          'Menyesuaikan cara kerja ketika tugas atau lingkungan kerja berubah.',
          'Mempelajari hal baru yang diperlukan akibat perubahan.',
        ],
      },
      {
        level: 2,
        description: 'Beradaptasi secara proaktif terhadap perubahan.',
        indicators: [
          'Mencari informasi tentang perubahan yang akan terjadi dan dampaknya bagi pekerjaan.',
          'Mengusulkan penyesuaian cara kerja sebelum diminta.',
          'Tetap bekerja efektif dalam situasi yang belum pasti.',
        ],
      },
      {
        level: 3,
        description: 'Membantu orang lain menghadapi perubahan dan mengantisipasinya dengan tepat.',
        indicators: [
          'Menjelaskan alasan dan manfaat perubahan kepada anggota tim.',
          'Mendampingi anggota tim yang kesulitan beradaptasi.',
          'Menyiapkan langkah antisipasi atas dampak perubahan pada unit kerja.',
        ],
      },
      {
        level: 4,
        description: 'Memimpin pelaksanaan perubahan di unit kerja.',
        indicators: [
          'Merancang dan menjalankan rencana perubahan beserta tahapannya.',
          'Menangani penolakan terhadap perubahan secara konstruktif.',
          'Menilai hasil perubahan dan melakukan penyesuaian yang diperlukan.',
        ],
      },
      {
        level: 5,
        description: 'Menggalang dukungan pemangku kepentingan untuk perubahan berkelanjutan di tingkat instansi.',
        indicators: [
          'Merumuskan arah perubahan strategis bagi instansi.',
          'Menggalang dukungan pimpinan, pegawai, dan mitra luar bagi agenda perubahan.',
          'Memastikan perubahan melembaga dan berkelanjutan dalam sistem organisasi.',
        ],
      },
    ],
  },
  {
    code: 'M.8',
    type: 'manajerial',
    name: 'Pengambilan Keputusan',
    description:
      'Kemampuan menganalisis masalah secara cermat, menimbang berbagai alternatif beserta risikonya, dan menetapkan keputusan yang tepat waktu serta dapat dipertanggungjawabkan sesuai kewenangan.',
    levels: [
      {
        level: 1,
        description: 'Mengumpulkan informasi untuk bertindak sesuai kewenangannya.',
        indicators: [
          'Menghimpun data dan fakta yang relevan sebelum bertindak.',
          'Mengambil tindakan atas masalah rutin sesuai batas kewenangannya.',
          'Meminta arahan atasan untuk persoalan di luar kewenangannya.',
        ],
      },
      {
        level: 2,
        description: 'Menganalisis masalah secara mendalam sebelum memutuskan.',
        indicators: [
          'Mengurai masalah untuk menemukan penyebab utamanya.',
          'Menghubungkan berbagai informasi untuk memahami persoalan secara utuh.',
          'Menyusun beberapa pilihan penyelesaian beserta pertimbangannya.',
        ],
      },
      {
        level: 3,
        description: 'Membandingkan alternatif dan menimbang risiko serta peluang keberhasilan pelaksanaannya.',
        indicators: [
          'Menilai kelebihan dan kekurangan setiap alternatif secara objektif.',
          'Memperhitungkan risiko dan kemungkinan keberhasilan setiap pilihan.',
          'Mengambil keputusan tepat waktu meskipun informasi belum sepenuhnya lengkap.',
        ],
      },
      {
        level: 4,
        description: 'Menyelesaikan masalah berisiko tinggi dengan mengantisipasi dampak keputusan.',
        indicators: [
          'Memetakan dampak keputusan bagi berbagai pihak dan bagi organisasi.',
          'Menyiapkan langkah pengamanan untuk menekan risiko.',
          'Memutuskan persoalan kompleks yang melibatkan banyak kepentingan.',
        ],
      },
      {
        level: 5,
        description: 'Menetapkan keputusan strategis yang mengikat organisasi dan pemangku kepentingan.',
        indicators: [
          'Menetapkan keputusan jangka panjang yang menentukan arah instansi.',
          'Memadukan pertimbangan kebijakan nasional, hukum, dan kepentingan publik dalam keputusannya.',
          'Bertanggung jawab atas keputusan strategis beserta seluruh konsekuensinya.',
        ],
      },
    ],
  },
  {
    code: 'SK.1',
    type: 'sosial_kultural',
    name: 'Perekat Bangsa',
    description:
      'Kemampuan menumbuhkan sikap toleran, terbuka, dan peka terhadap keberagaman suku, agama, budaya, dan pandangan, serta memperkuat persatuan dalam kerangka Negara Kesatuan Republik Indonesia.',
    levels: [
      {
        level: 1,
        description: 'Peka terhadap, memahami, dan menerima keberagaman.',
        indicators: [
          'Menghormati rekan kerja dan masyarakat yang berbeda latar belakang suku, agama, dan budaya.',
          'Tidak membeda-bedakan perlakuan berdasarkan latar belakang seseorang.',
          'Terbuka untuk mempelajari kebiasaan dan nilai budaya lain.',
        ],
      },
      {
        level: 2,
        description: 'Mengembangkan sikap saling menghargai dan menonjolkan persamaan.',
        indicators: [
          'Menekankan kesamaan tujuan ketika bekerja dengan orang yang berbeda latar belakang.',
          'Mengajak rekan kerja untuk saling menghargai.',
          'Menghindari ucapan atau tindakan yang menyinggung identitas kelompok lain.',
        ],
      },
      {
        level: 3,
        description: 'Mempromosikan toleransi dan persatuan di lingkungan kerja.',
        indicators: [
          'Mengelola tim yang beragam sehingga setiap anggota merasa dihargai.',
          'Menengahi ketegangan yang bersumber dari perbedaan latar belakang.',
          'Menyelenggarakan kegiatan yang mempererat kebersamaan di unit kerja.',
        ],
      },
      {
        level: 4,
        description: 'Memanfaatkan keberagaman secara konstruktif untuk efektivitas organisasi.',
        indicators: [
          'Memadukan beragam perspektif untuk menghasilkan solusi yang lebih baik.',
          'Menetapkan kebijakan unit yang menjamin kesetaraan kesempatan.',
          'Mencegah dan menangani potensi konflik antarkelompok sejak dini.',
        ],
      },
      {
        level: 5,
        description: 'Menjadi wakil pemerintah yang merekatkan hubungan sosial antarkelompok di tingkat nasional.',
        indicators: [
          'Membangun hubungan yang harmonis dengan berbagai kelompok masyarakat atas nama pemerintah.',
          'Menetapkan kebijakan yang memperkuat persatuan dan kesatuan bangsa.',
          'Menjadi teladan dalam menjaga keutuhan bangsa di forum nasional maupun internasional.',
        ],
      },
    ],
  },
];
