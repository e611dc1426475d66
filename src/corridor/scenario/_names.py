"""Name pools by language, nicknames, and the Latin spelling variants of migrants' names.

Serbian, Macedonian and Bulgarian names are stored in Cyrillic, their native script; the
other pools in their usual Latin form. Migrants' names (Arabic, Kurdish, Dari/Pashto,
Farsi, Urdu, Bengali, Hindi) have no single Latin spelling: ``VARIANTS`` lists the ones
that turn up in European police records, so that two agencies write one man two ways.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NamePool:
    """Given names by gender and family names of one language."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


POOLS: dict[str, NamePool] = {
    "srp": NamePool(
        _split(
            "Милан Горан Дејан Зоран Никола Марко Душан Небојша Драган Саша Ненад Милош "
            "Бојан Владимир Александар Жељко Ђорђе Љубомир Бранислав Срђан Мирослав Предраг "
            "Славиша Далибор Вукашин Стефан Лазар Урош Живорад Радомир"
        ),
        _split("Јелена Марија Снежана Драгана Ивана Весна Љиљана Биљана Мирјана Тамара"),
        _split(
            "Петровић Јовановић Николић Марковић Ђорђевић Стојановић Илић Станковић "
            "Павловић Милошевић Љубичић Ђукић Живковић Тодоровић Радовановић Савић Ђурић "
            "Лазић Васић Кнежевић Митровић Шарић Јанковић Поповић Бошковић Зечевић "
            "Стевановић Ћирић Матић Вуковић"
        ),
    ),
    "mkd": NamePool(
        _split(
            "Горан Драган Зоран Александар Никола Бојан Ѓорѓи Благој Васил Дејан Илија Киро "
            "Методија Трајче Влатко Петар Стојан Христијан Љупчо Жарко"
        ),
        _split("Марија Елена Билјана Снежана Весна Катерина"),
        _split(
            "Петровски Стојановски Николовски Трајковски Јовановски Ристовски Димитровски "
            "Илиевски Спасовски Ангеловски Наумовски Велковски Ѓорѓиевски Костовски "
            "Стефановски Арсовски Крстевски Ѓоргиев Алексов Митревски"
        ),
    ),
    "bul": NamePool(
        _split("Иван Георги Димитър Николай Стоян Петър Христо Тодор Васил Красимир Пламен Ангел"),
        _split("Мария Елена Иванка Десислава"),
        _split("Иванов Георгиев Димитров Петров Стоянов Николов Христов Тодоров Ангелов Колев Маринов Атанасов"),
    ),
    "sqi": NamePool(
        _split(
            "Arben Besnik Blerim Dritan Fatmir Gëzim Ilir Kujtim Luan Mentor Naim Valon "
            "Xhevdet Agron Bujar Driton Shkëlzen Ardit Erion Klodian Ervis Gentian Fisnik "
            "Arianit Bekim Ylber Leutrim Albion"
        ),
        _split("Arta Blerta Drita Fjolla Vjosa Mimoza Teuta"),
        _split(
            "Krasniqi Berisha Gashi Hoxha Shala Morina Kelmendi Hasani Rexhepi Bytyqi "
            "Thaçi Zeka Mustafa Ahmeti Kastrati Leka Dervishi Çela Xhafa Muça Tahiri "
            "Bajrami Halili Dushku Lleshi Prenga Gjoka Hyseni"
        ),
    ),
    "tur": NamePool(
        _split(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer "
            "Ramazan Halil Süleyman Kemal Serkan Emre Burak Cengiz Erdal Tuncay Özgür Şükrü"
        ),
        _split("Ayşe Fatma Emine Zeynep Elif Gülsüm"),
        _split(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan "
            "Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Güneş Bozkurt Erdoğan Tekin"
        ),
    ),
    "bos": NamePool(
        _split("Emir Adnan Senad Mirza Almir Haris Elvir Kenan Amir Edin Nermin Jasmin"),
        _split("Amra Lejla Selma Emina"),
        _split(
            "Hodžić Mujić Hasanović Begić Delić Salihović Husić Kovačević Omerović Halilović Ibrahimović Mehmedović"
        ),
    ),
    "ara": NamePool(
        _split(
            "Mohammad Ahmad Khaled Omar Mahmoud Hussein Ali Yasser Bilal Samer Rami Fadi "
            "Abdullah Mustafa Youssef Ibrahim Hassan Tarek Walid Anas Ayman Majed Qusay "
            "Hamza Ammar"
        ),
        _split("Fatima Aisha Rasha Hala Nour Layla Amal Rania"),
        _split(
            "Al-Hassan Al-Ahmad Al-Ali Haddad Khalil Hamdan Al-Khatib Darwish Sabbagh "
            "Al-Masri Shaheen Al-Hamwi Qassem Hariri Nasser Al-Halabi Othman Sheikh "
            "Al-Shami Zaher Barakat Mansour Al-Omar Hajj Saleh"
        ),
    ),
    "kur": NamePool(
        _split(
            "Karwan Rebwar Hemin Shwan Dilshad Aram Bakhtiyar Hawre Sirwan Kawa Azad "
            "Rizgar Zana Hiwa Barzan Hogr Sarbast Peshawa Dana Hardi"
        ),
        _split("Shilan Avin Rozhin Nazdar"),
        _split(
            "Hama Ahmed Rasul Mahmood Aziz Salih Qadir Karim Mohammed Osman Abdullah Jalal "
            "Faraj Hamid Sabir Amin Hussein Ismail"
        ),
    ),
    "fas": NamePool(
        _split(
            "Ahmad Mohammad Abdul Jawad Khalid Mustafa Nasir Omid Rahim Sayed Wahid "
            "Zabihullah Farid Hassan Hussain Naveed Shafiq Noorullah Reza Mehdi Hamid "
            "Morteza Farhad Amir Ali"
        ),
        _split("Maryam Zahra Fatima Shabnam Parwana Soraya"),
        _split(
            "Ahmadi Rahimi Karimi Hussaini Sultani Mohammadi Noori Haidari Amiri Rezaei "
            "Hosseini Jafari Moradi Sadeghi Ebrahimi Nazari Kazemi Hakimi Sharifi Azizi"
        ),
    ),
    "pus": NamePool(
        _split("Gul Noor Zabihullah Rahmatullah Hayatullah Abdul Wali Ismail Naqibullah Sher Mirwais Bilal Samiullah"),
        _split("Malalai Gulalai Palwasha"),
        _split("Stanikzai Popal Safi Wardak Niazi Durrani Yousufzai Khan Mohmand Shinwari Achakzai Zadran"),
    ),
    "urd": NamePool(
        _split("Muhammad Ali Imran Bilal Usman Asif Zubair Waqas Adnan Faisal Hamza Shahid Tariq Kashif Naveed Sajid"),
        _split("Ayesha Sana Hina Sadia"),
        _split("Khan Hussain Ahmed Iqbal Malik Butt Chaudhry Raza Shah Qureshi Akhtar Javed Aslam Mirza Anwar"),
    ),
    "ben": NamePool(
        _split("Md Abdul Rafiq Shahin Rubel Sumon Jahid Mizanur Habibur Kamrul"),
        _split("Nasrin Shirin Taslima"),
        _split("Rahman Hossain Islam Uddin Alam Mia Sarker Chowdhury Haque Ahmed"),
    ),
    "hin": NamePool(
        _split("Gurpreet Harpreet Amandeep Rajesh Sandeep Manpreet Vikram Sunil Ravi Jaswinder"),
        _split("Priya Simran Kaur"),
        _split("Singh Kumar Sharma Gill Sandhu Sidhu Patel Dhillon Brar Grewal"),
    ),
    "mar": NamePool(
        _split("Mohamed Youssef Hamza Anas Ayoub Mehdi Karim Soufiane Rachid Abdelali Ilyas Said Nabil Zakaria"),
        _split("Khadija Salma Imane Hajar"),
        _split("El Amrani Benali Bouzid El Idrissi Alaoui Tahiri Berrada Ziani Ouazzani El Fassi Bennani Chraibi"),
    ),
}
"""Given and family names by language code (ISO 639-3, ``mar`` for Moroccan Arabic)."""

NICKNAMES: dict[str, tuple[str, ...]] = {
    "srp": _split("Жути Ћале Доктор Чича Баја Шеф Мали Кум Црни Ћора Шваба Турчин"),
    "mkd": _split("Шефот Турчинот Малиот Докторот Кумот Црниот Баџо"),
    "bul": _split("Шефа Бай Малкия Доктора"),
    "sqi": _split("Shefi Doktori Kumbari Turku Zeza Cuca Babi Lulja Kapo Bosi"),
    "tur": _split("Baba Hoca Dayı Reis Kara Kurt Abi Topal Doktor Patron"),
    "bos": _split("Šef Mali Doktor Kum Hodža"),
    "ara": _split("Abu-Omar Abu-Khaled Al-Doctor Al-Hajji Abu-Ali Al-Sheikh Abu-Mahmoud"),
    "kur": _split("Kaka Mamosta Kurdo Hajji Shêx Dr"),
    "fas": _split("Kaka Haji Ustad Agha Doctor Sahib"),
    "pus": _split("Lala Haji Khan-Sahib Malang"),
    "urd": _split("Bhai Chaudhry Bhaijan Sahib"),
    "ben": _split("Bhai Dada"),
    "hin": _split("Paaji Bhaji Sardar"),
    "mar": _split("Zizou Hajj Sahbi Lkbir"),
}
"""Street names smugglers are known by, as their peers say them."""

LANGS_BY_NATIONALITY: dict[str, tuple[tuple[str, float], ...]] = {
    "rs": (("srp", 1.0),),
    "mk": (("mkd", 0.65), ("sqi", 0.35)),
    "bg": (("bul", 1.0),),
    "al": (("sqi", 1.0),),
    "xk": (("sqi", 1.0),),
    "tr": (("tur", 0.8), ("kur", 0.2)),
    "ba": (("bos", 0.6), ("srp", 0.4)),
    "me": (("srp", 1.0),),
    "sy": (("ara", 0.85), ("kur", 0.15)),
    "iq": (("kur", 0.75), ("ara", 0.25)),
    "af": (("fas", 0.6), ("pus", 0.4)),
    "ir": (("fas", 1.0),),
    "pk": (("urd", 1.0),),
    "bd": (("ben", 1.0),),
    "in": (("hin", 1.0),),
    "ma": (("mar", 1.0),),
    "eg": (("ara", 1.0),),
    "gr": (("sqi", 0.5), ("ara", 0.5)),
    "at": (("ara", 0.5), ("kur", 0.3), ("tur", 0.2)),
    "de": (("ara", 0.4), ("kur", 0.4), ("tur", 0.2)),
    "fr": (("kur", 0.5), ("ara", 0.3), ("mar", 0.2)),
    "gb": (("kur", 0.5), ("sqi", 0.3), ("urd", 0.2)),
}
"""Which name pool a person of a nationality draws from (naturalised diaspora included)."""

VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammad": ("Mohammed", "Muhammad", "Mohamad", "Mohamed", "Muhamed", "Mohammet", "Mhmd"),
    "Muhammad": ("Mohammad", "Muhammed", "Mohammed", "Muhamad", "Mohd"),
    "Mohamed": ("Mohammed", "Mohamad", "Mouhamed", "Muhamed"),
    "Mohammed": ("Mohammad", "Mohamed", "Muhammad", "Mohamad"),
    "Ahmad": ("Ahmed", "Ahmet", "Achmad", "Ahamad"),
    "Ahmed": ("Ahmad", "Ahmet", "Achmed"),
    "Hussein": ("Hussain", "Husein", "Hossein", "Houssein", "Husain"),
    "Hussain": ("Hussein", "Husain", "Hossain"),
    "Hassan": ("Hasan", "Hasen", "Hassen"),
    "Khaled": ("Khalid", "Halid", "Chaled", "Khaleed"),
    "Khalid": ("Khaled", "Halid", "Khaleed"),
    "Omar": ("Umar", "Omer", "Oumar"),
    "Youssef": ("Yousef", "Yusuf", "Yousif", "Jusuf", "Youcef"),
    "Ibrahim": ("Ebrahim", "Ibraheem", "Brahim"),
    "Mustafa": ("Mostafa", "Moustafa", "Mustapha"),
    "Abdullah": ("Abdallah", "Abdulla", "Abdalla"),
    "Mahmoud": ("Mahmood", "Mahmud", "Machmud", "Mahmut"),
    "Mahmood": ("Mahmoud", "Mahmud"),
    "Qassem": ("Kassem", "Qasim", "Kasem", "Qasem"),
    "Jawad": ("Javad", "Djawad", "Jawaad"),
    "Karwan": ("Karvan", "Kārwan"),
    "Rebwar": ("Rebuar", "Ribwar"),
    "Hama": ("Hamah", "Hamma"),
    "Rasul": ("Rasool", "Rasoul", "Resul"),
    "Qadir": ("Kadir", "Qader", "Kader", "Qadr"),
    "Aziz": ("Azeez", "Asis"),
    "Salih": ("Saleh", "Salah", "Saleeh"),
    "Sayed": ("Said", "Sayyed", "Seyed", "Syed"),
    "Noori": ("Nuri", "Noury", "Nouri"),
    "Rahimi": ("Rahimy", "Rahime"),
    "Hosseini": ("Husseini", "Hoseini", "Hussaini"),
    "Hussaini": ("Hosseini", "Husseini", "Husaini"),
    "Mohammadi": ("Mohamadi", "Muhammadi", "Mohammedi"),
    "Ahmadi": ("Ahmady", "Ahmedi"),
    "Karimi": ("Karimy", "Kareemi"),
    "Zabihullah": ("Zabiullah", "Zabihollah", "Zabi Ullah"),
    "Noorullah": ("Nurullah", "Noor Ullah", "Norullah"),
    "Yasser": ("Yaser", "Yasir", "Jasser"),
    "Mansour": ("Mansur", "Mansoor"),
    "Al-Hassan": ("Alhassan", "Al Hassan", "El-Hassan", "Hassan"),
    "Al-Ahmad": ("Alahmad", "Al Ahmad", "El-Ahmad"),
    "Al-Ali": ("Alali", "Al Ali", "El Ali"),
    "Al-Khatib": ("Alkhatib", "Al Khatib", "El-Khatib", "Khatib"),
    "Al-Masri": ("Almasri", "Al Masri", "El-Masri", "Masri"),
    "Al-Hamwi": ("Alhamwi", "Al Hamwi", "Hamwi"),
    "Al-Halabi": ("Alhalabi", "Al Halabi", "Halabi"),
    "Al-Shami": ("Alshami", "Al Shami", "Shami"),
    "Al-Omar": ("Alomar", "Al Omar", "El Omar"),
    "Shaheen": ("Shahin", "Chahine", "Şahin"),
    "Othman": ("Osman", "Uthman", "Otman"),
    "Sheikh": ("Shaikh", "Cheikh", "Shekh"),
    "Haddad": ("Hadad", "Haddat"),
    "Hamid": ("Hameed", "Hamed"),
    "Abdul": ("Abdel", "Abd", "Abdoul"),
    "Faisal": ("Faysal", "Feisal"),
    "Usman": ("Osman", "Othman"),
    "Chaudhry": ("Chaudhary", "Choudhry", "Chaudri"),
    "Qureshi": ("Kureshi", "Qurashi"),
    "Hossain": ("Hussain", "Hosain", "Hossen"),
    "Chowdhury": ("Choudhury", "Chowdhry"),
    "Reza": ("Riza", "Rezza"),
    "Mehdi": ("Mahdi", "Mehdy"),
    "Morteza": ("Mortaza", "Murtaza"),
    "Jafari": ("Jaafari", "Djafari", "Ja'fari"),
    "Rezaei": ("Rezaie", "Rezai", "Rezayi"),
    "Sadeghi": ("Sadeqi", "Sadegi"),
    "Hemin": ("Hemn", "Himin"),
    "Shwan": ("Shuan", "Schwan"),
    "Bakhtiyar": ("Bakhtiar", "Bakhtyar", "Bachtiar"),
    "Sirwan": ("Sirvan", "Serwan"),
    "Hawre": ("Hawri", "Havre"),
    "Dilshad": ("Dlshad", "Delshad"),
    "Rizgar": ("Rezgar", "Rizgaar"),
    "Anas": ("Annas", "Enes"),
    "Ayoub": ("Ayub", "Eyup", "Ayyub"),
    "Soufiane": ("Sufian", "Sofiane", "Soufian"),
    "El Amrani": ("Elamrani", "Amrani", "El-Amrani"),
    "El Idrissi": ("Elidrissi", "Idrissi", "El-Idrissi"),
}
"""Latin spellings of migrants' names that turn up for the same person in different records."""
