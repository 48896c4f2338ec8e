"""Hand-written article content for the sample-site mirrors (used by build_samples.py).

Body items: ("p", html) a body paragraph (may hold inline markup/entities), ("h2", text) / ("strong", text) an
in-body subheading, ("fig", image_name, caption, credit) a captioned photo between paragraphs.
"""

# --------------------------------------------------------------------------------------------------
# baonghean.vn (OneCMS)
# --------------------------------------------------------------------------------------------------
BNA_EN_RESOLUTION = dict(
    site="baonghean", host="baonghean.vn", lang="en",
    path="/en/implement-resolution-39-of-the-politburo-and-resolution-137-of-the-national-assembly-resolutely-and-effectively-10279845.html",
    section=("Party Building", "/en/politics/"),
    title="Implement Resolution 39 of the Politburo and Resolution 137 of the National Assembly resolutely and effectively",
    lead=("Comrade Pham Tuan Vinh, Secretary of the Party Committee of Nghe An Provincial Agencies Bloc, requested "
          "Party committees at all levels to lead the implementation of Resolution 39 of the Politburo and "
          "Resolution 137 of the National Assembly in a drastic, timely and effective manner."),
    author="Thanh Le", published="2024-07-19T18:02:00+07:00", modified="2024-07-19T20:15:00+07:00",
    tags=["Resolution 39", "Party building", "Provincial Agencies Bloc"],
    image_date="2024/07/19",
    body=[
        ("p", "On the afternoon of July 19, the Party Committee of the Provincial Agencies Bloc held a conference to "
              "review Party building work in the first 6 months of the year and deploy tasks for the last 6 months "
              "of 2024. Comrades Pham Tuan Vinh, Hoang Van Nhien and Chu Ba Long chaired the conference, which was "
              "attended by representatives of provincial departments, branches and sectors."),
        ("fig", "bna-dai-bieu-tham-du.jpg", "Delegates attending the conference.", "Thanh Le"),
        ("strong", "Proactive and creative in implementing political tasks"),
        ("p", "In the first 6 months of 2024, the Party Committee of the Bloc focused on leading and directing the "
              "tasks set out in its plan. Closely following Resolution 39-NQ/TW and the province's Action Program, "
              "it directed grassroots party organizations to turn the resolution into concrete programs and to "
              "affirm their role in the province's key political tasks."),
        ("p", "The departments advising the Provincial People's Committee announced 807 administrative procedures, "
              "of which 577 are handled at provincial level, and 100% of records were processed electronically. "
              "Nghe An's Administrative Reform Index in 2023 ranked 15th out of 63 provinces and cities, up one place "
              "compared to 2022, while the SIPAS Index ranked 12th nationwide and 2nd in the North Central region."),
        ("fig", "bna-chu-tri-hoi-nghi.jpg", "The comrades chairing the conference.", "Thanh Le"),
        ("p", "During the period, the entire Party Committee admitted 69 new Party members and officially transferred "
              "64 probationary members. The grassroots Inspection Committees examined 19 subordinate Party cells and "
              "35 Party members, and the movement to build cultural agencies and units was widely promoted."),
        ("strong", "Determined to perform at the highest level"),
        ("p", "Speaking at the conference, comrade Pham Tuan Vinh acknowledged the results but pointed out "
              "shortcomings in administrative reform and in the development of new Party members in some units. "
              "He asked Party secretaries to review the resolutions of Party congresses at all levels, to advise "
              "and direct promptly, and to complete the targets for 2024 at the highest level."),
        ("p", "He also requested units to celebrate the 70th anniversary of the founding of the Party Committee of "
              "the Provincial Agencies Bloc together with their political tasks, and encouraged cadres to dare to "
              "think, dare to act and dare to take responsibility for the common good."),
    ],
)

BNA_EN_EXPORT = dict(
    site="baonghean", host="baonghean.vn", lang="en",
    path="/en/nghe-an-export-turnover-reaches-nearly-1-6-billion-usd-in-the-first-half-of-2024-10279912.html",
    section=("Economy", "/en/economy/"),
    title="Nghe An export turnover reaches nearly 1.6 billion USD in the first half of 2024",
    lead=("Export turnover of goods in Nghe An in the first six months of 2024 is estimated at nearly 1.6 billion USD, "
          "up 22 percent over the same period last year, with electronic components and textiles leading the growth."),
    author="Hoai Thu", published="2024-07-20T09:15:00+07:00", modified="2024-07-20T09:40:00+07:00",
    tags=["Export", "Industrial parks", "VSIP Nghe An"],
    image_date="2024/07/20",
    body=[
        ("p", "According to the Department of Industry and Trade, the province's export turnover in the first half of "
              "the year reached about 1.58 billion USD, equal to 48 percent of the annual plan. Import turnover was "
              "estimated at 1.1 billion USD, giving Nghe An a trade surplus of nearly 480 million USD."),
        ("fig", "bna-xuat-khau-linh-kien.jpg", "Workers assemble electronic components at a factory in VSIP Nghe An.", "Hoai Thu"),
        ("h2", "Electronics take the lead"),
        ("p", "Electronic components became the largest export item for the first time, bringing in 412 million USD. "
              "Factories of Luxshare-ICT and Everwin Precision in the VSIP Nghe An and Hoang Mai I industrial parks "
              "have run additional shifts since March to meet orders from partners in the United States and Europe."),
        ("p", "Textiles and garments earned 265 million USD, followed by wood products, processed seafood and "
              "agricultural goods such as cassava starch and tea. Exports of construction stone and cement rose "
              "again after two difficult years, thanks to stronger demand from the Philippines and Bangladesh."),
        ("fig", "bna-cang-cua-lo.jpg", "Containers waiting to be loaded at Cua Lo port.", "Hoai Thu"),
        ("p", "Mr. Pham Van Hoa, Director of the Department of Industry and Trade, said that shipping costs and new "
              "&quot;green&quot; requirements from European importers remain the main difficulties. The department "
              "will continue to organise trade promotion programmes and help enterprises obtain origin certificates "
              "so that they can benefit from free trade agreements."),
        ("p", "For the whole of 2024, Nghe An aims for an export turnover of 3.3 billion USD. Local leaders expect the "
              "second half of the year to be more favourable as several new projects in the Southeast Economic Zone "
              "begin commercial production in the third quarter."),
        ("p", "Many small exporters, however, still depend on a few foreign buyers. The province plans to open an "
              "export support centre in Vinh City next year, where firms can get advice on markets, packaging "
              "standards and traceability at no cost."),
    ],
)

BNA_VI_FDI = dict(
    site="baonghean", host="baonghean.vn", lang="vi",
    path="/nghe-an-thu-hut-hon-1-ty-usd-von-dau-tu-truc-tiep-nuoc-ngoai-trong-6-thang-dau-nam-10279850.html",
    section=("Thời sự", "/thoi-su/"),
    title="Nghệ An thu hút hơn 1 tỷ USD vốn đầu tư trực tiếp nước ngoài trong 6 tháng đầu năm",
    lead=("Trong 6 tháng đầu năm 2024, Nghệ An đã cấp mới và điều chỉnh tăng vốn cho 21 dự án FDI với tổng vốn "
          "hơn 1 tỷ USD, đứng trong nhóm 10 địa phương dẫn đầu cả nước về thu hút đầu tư nước ngoài."),
    author="Thành Duy", published="2024-07-19T08:30:00+07:00", modified="2024-07-19T10:05:00+07:00",
    tags=["FDI", "Khu kinh tế Đông Nam", "Thu hút đầu tư"],
    image_date="2024/07/19",
    body=[
        ("p", "Theo báo cáo của Ban Quản lý Khu kinh tế Đông Nam, tính đến ngày 30/6, tỉnh Nghệ An đã cấp mới 12 dự án "
              "và điều chỉnh tăng vốn cho 9 dự án có vốn đầu tư trực tiếp nước ngoài. Tổng vốn đăng ký cấp mới và tăng "
              "thêm đạt khoảng 1,02 tỷ USD, tăng gần 40% so với cùng kỳ năm trước."),
        ("fig", "bna-kcn-vsip.jpg", "Một góc Khu công nghiệp VSIP Nghệ An.", "Thành Duy"),
        ("h2", "Điện tử, linh kiện chiếm tỷ trọng lớn"),
        ("p", "Phần lớn số vốn tập trung vào lĩnh vực sản xuất linh kiện điện tử, thiết bị viễn thông và vật liệu mới. "
              "Nhiều nhà đầu tư đến từ Trung Quốc, Hồng Kông, Hàn Quốc và Singapore đã lựa chọn các khu công nghiệp "
              "VSIP Nghệ An, Hoàng Mai I và WHA để mở rộng chuỗi cung ứng."),
        ("p", "Ông Nguyễn Văn Đệ, Trưởng ban Quản lý Khu kinh tế Đông Nam cho biết, tỉnh đã chủ động rà soát quỹ đất "
              "sạch, hoàn thiện hạ tầng kỹ thuật và rút ngắn thời gian giải quyết thủ tục hành chính xuống còn một nửa "
              "so với quy định. Nhờ đó, nhiều dự án được cấp giấy chứng nhận đầu tư chỉ sau một tuần nộp hồ sơ."),
        ("fig", "bna-trao-giay-chung-nhan.jpg", "Lãnh đạo tỉnh trao giấy chứng nhận đăng ký đầu tư cho các doanh nghiệp.", "Thành Duy"),
        ("p", "Bên cạnh kết quả đạt được, công tác thu hút đầu tư vẫn còn gặp khó khăn về nguồn nhân lực chất lượng cao, "
              "hạ tầng logistics và nguồn cung điện. Một số dự án đã được cấp phép nhưng triển khai còn chậm do vướng "
              "mắc trong giải phóng mặt bằng."),
        ("p", "Thời gian tới, Nghệ An tiếp tục đẩy mạnh xúc tiến đầu tư có trọng tâm, ưu tiên các dự án công nghệ cao, "
              "thân thiện với môi trường; đồng thời phối hợp với các trường đại học, cao đẳng trên địa bàn để đào tạo "
              "lao động đáp ứng yêu cầu của doanh nghiệp."),
    ],
)

BNA_VI_KIMLIEN = dict(
    site="baonghean", host="baonghean.vn", lang="vi",
    path="/hang-nghin-luot-khach-ve-khu-di-tich-kim-lien-dip-he-2024-10279933.html",
    section=("Văn hóa", "/van-hoa/"),
    title="Hàng nghìn lượt khách về Khu di tích Kim Liên dịp hè 2024",
    lead=("Những ngày giữa tháng 7, Khu di tích Quốc gia đặc biệt Kim Liên ở huyện Nam Đàn đón hàng nghìn lượt "
          "khách mỗi ngày, trong đó có nhiều đoàn học sinh, sinh viên và cựu chiến binh từ các tỉnh phía Nam."),
    author="Minh Thái", published="2024-07-20T15:45:00+07:00", modified="2024-07-20T16:20:00+07:00",
    tags=["Kim Liên", "Du lịch Nghệ An", "Nam Đàn"],
    image_date="2024/07/20",
    body=[
        ("p", "Ngay từ sáng sớm, dòng người đã xếp hàng trước nhà tưởng niệm ở làng Sen, quê nội của Chủ tịch Hồ Chí "
              "Minh, để dâng hương và tham quan. Theo Ban Quản lý Khu di tích Kim Liên, từ đầu tháng 7 đến nay đơn vị "
              "đã đón hơn 65.000 lượt khách, tăng khoảng 15% so với cùng kỳ năm 2023."),
        ("fig", "bna-lang-sen.jpg", "Du khách tham quan ngôi nhà của cụ Phó bảng Nguyễn Sinh Sắc ở làng Sen.", "Minh Thái"),
        ("strong", "Nâng cao chất lượng thuyết minh"),
        ("p", "Để phục vụ lượng khách tăng cao, khu di tích đã bố trí thêm đội ngũ thuyết minh viên, kéo dài thời gian "
              "mở cửa vào buổi chiều và đưa vào sử dụng hệ thống thuyết minh tự động bằng tiếng Việt, tiếng Anh và "
              "tiếng Pháp qua mã QR. Các lối đi, khu vệ sinh và bãi đỗ xe cũng được chỉnh trang."),
        ("p", "Chị Nguyễn Thị Hồng, giáo viên một trường tiểu học ở Cần Thơ, chia sẻ: &quot;Đây là lần đầu tôi đưa "
              "học sinh ra Nghệ An. Các em rất xúc động khi được nghe kể về tuổi thơ của Bác bên lũy tre làng.&quot;"),
        ("fig", "bna-hoang-tru.jpg", "Đoàn học sinh nghe thuyết minh tại khu di tích Hoàng Trù.", "Minh Thái"),
        ("p", "Bên cạnh việc tham quan, nhiều du khách kết hợp trải nghiệm các sản phẩm du lịch cộng đồng ở Nam Đàn "
              "như thưởng thức hát ví, giặm, làm bánh đa và tham quan làng nghề tương truyền thống. Huyện đang phối "
              "hợp với các doanh nghiệp lữ hành xây dựng tour kết nối Kim Liên với Cửa Lò và Vườn quốc gia Pù Mát."),
        ("p", "Dịp kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh năm sau, tỉnh dự kiến tổ chức Lễ hội Làng Sen với nhiều hoạt "
              "động văn hóa, thể thao, nhằm thu hút thêm du khách trong và ngoài nước về với quê Bác."),
    ],
)

BNA_PRIVATE = dict(
    site="baonghean", host="baonghean.vn", lang="vi",
    path="/private/ban-thao-ke-hoach-noi-bo-toa-soan-12345678.html",
    section=("Thời sự", "/thoi-su/"),
    title="Bản thảo kế hoạch nội bộ tòa soạn quý III",
    lead="Bản thảo dùng nội bộ, chưa được phép xuất bản.",
    author="Ban Biên tập", published="2024-07-18T17:00:00+07:00", modified="2024-07-18T17:00:00+07:00",
    tags=[], image_date="2024/07/18",
    body=[
        ("p", "Đây là bản thảo kế hoạch đề tài của tòa soạn trong quý III năm 2024, chỉ lưu hành nội bộ giữa các "
              "phòng nghiệp vụ. Các phóng viên không chia sẻ nội dung ra bên ngoài khi chưa được Ban Biên tập duyệt."),
        ("p", "Nội dung gồm danh sách đề tài dự kiến, phân công phóng viên theo địa bàn và lịch trình xuất bản các "
              "loạt bài chuyên sâu về kinh tế, xã hội trong những tháng cuối năm."),
    ],
)

# --------------------------------------------------------------------------------------------------
# www.vietnam.vn
# --------------------------------------------------------------------------------------------------
# Near-duplicate of BNA_EN_RESOLUTION: one headline word changed, one sentence reworded, other boilerplate.
VN_RESOLUTION = dict(BNA_EN_RESOLUTION)
VN_RESOLUTION.update(
    site="vietnamvn", host="www.vietnam.vn",
    path="/en/trien-khai-quyet-liet-hieu-qua-nghi-quyet-39-cua-bo-chinh-tri-va-nghi-quyet-137-cua-quoc-hoi",
    title="Implement Resolution 39 of the Politburo and Resolution 137 of the National Assembly decisively and effectively",
    source=("Báo Nghệ An", "https://baonghean.vn" + BNA_EN_RESOLUTION["path"]),
    published="2024-07-19T19:30:00+07:00", modified="2024-07-19T19:30:00+07:00",
    author="Thanh Le",
)
VN_RESOLUTION["body"] = list(BNA_EN_RESOLUTION["body"])
VN_RESOLUTION["body"][3] = (
    "p", "During the first half of 2024, the Bloc's Party Committee concentrated on leading and directing the "
         "tasks set out in its plan. Closely following Resolution 39-NQ/TW and the province's Action Program, "
         "it directed grassroots party organizations to turn the resolution into concrete programs and to "
         "affirm their role in the province's key political tasks.")

VN_QUANGNINH_HOME = dict(
    site="vietnamvn", host="www.vietnam.vn", lang="en",
    path="/en/thuong-truc-tinh-uy-lam-viec-voi-dang-uy-so-noi-vu",
    section=("Politics", "/en/politics/"),
    title="Standing Provincial Party Committee works with the Party Committee of the Department of Home Affairs",
    lead=("On the afternoon of July 18, the Standing Committee of the Quang Ninh Provincial Party Committee worked "
          "with the Party Committee of the Department of Home Affairs on the results of Party building work and "
          "political tasks since the beginning of the 2020-2025 term."),
    source=("Báo Quảng Ninh", "https://baoquangninh.vn/"),
    author="Thu Chung", published="2024-07-19T07:10:00+07:00", modified="2024-07-19T07:10:00+07:00",
    tags=["Quang Ninh", "Home Affairs", "Administrative reform"],
    image_date="2024/07/19",
    body=[
        ("p", "Comrade Dang Xuan Phuong, Deputy Secretary of the Provincial Party Committee, chaired the meeting. Also "
              "attending were Bui Thuy Phuong, Head of the Provincial Party Committee's Organization Committee, and "
              "Nguyen Thi Hanh, Vice Chairwoman of the Provincial People's Committee."),
        ("fig", "vn-working-scene.jpg", "Working scene.", None),
        ("p", "The Party Committee of the Department of Home Affairs currently has 9 Party cells with 69 Party members. "
              "Since the beginning of the term it has paid special attention to Party building and rectification, "
              "and to the fight against corruption and negativity in the sector."),
        ("h2", "Leading the country in administrative reform"),
        ("p", "The department advised the province to issue Resolution No. 05-NQ/TU on promoting administrative reform "
              "and improving the business environment. From 2020 to 2023, Quang Ninh's PAR Index ranked first "
              "nationwide three times, and its SIPAS index has ranked first for five consecutive years."),
        ("fig", "vn-dang-xuan-phuong.jpg", "Comrade Dang Xuan Phuong spoke at the meeting.", None),
        ("p", "Speaking at the meeting, comrade Dang Xuan Phuong acknowledged the department's efforts and asked it to "
              "concretise the opinions of the conference into work plans, to strengthen professional training for "
              "civil servants and to prepare carefully for Party congresses at all levels towards the 14th National "
              "Congress of the Party."),
        ("p", "He also asked the department to study job positions associated with local characteristics, to propose "
              "a suitable roadmap for rotating cadres in the health and education sectors, and to allocate at least "
              "half of civil servant recruitment to high-quality human resources."),
        ("p", "On behalf of the department, its director pledged to absorb the instructions in full, to review the "
              "organisation of affiliated units and to submit a plan for streamlining the apparatus to the Provincial "
              "People's Committee before the end of the third quarter."),
    ],
)

VN_DANANG_TOURISM = dict(
    site="vietnamvn", host="www.vietnam.vn", lang="en",
    path="/en/da-nang-don-hon-1-trieu-luot-khach-luu-tru-trong-thang-7",
    section=("Economy", "/en/economy/"),
    title="Da Nang welcomes more than one million overnight visitors in July",
    lead=("Da Nang's accommodation establishments served more than one million guests in July 2024, the highest "
          "monthly figure since the pandemic, as domestic summer travel and new international flights boosted demand."),
    source=("Báo Đà Nẵng", "https://baodanang.vn/"),
    author="Ngoc Ha", published="2024-07-20T11:20:00+07:00", modified="2024-07-20T13:05:00+07:00",
    tags=["Da Nang", "Tourism", "Summer travel"],
    image_date="2024/07/20",
    body=[
        ("p", "According to the city's Department of Tourism, hotels, resorts and homestays in Da Nang received about "
              "1.05 million guests in July, including 420,000 international visitors. Revenue from accommodation, "
              "travel and food services was estimated at 3,900 billion VND."),
        ("fig", "vn-my-khe-beach.jpg", "Tourists swim at My Khe beach on a summer afternoon.", "Ngoc Ha"),
        ("p", "South Korea remained the largest source market, followed by China, Japan, India and Taiwan (China). "
              "Direct flights from Ahmedabad, Busan and Osaka launched this summer have helped fill hotel rooms in the "
              "usually quieter weeks after the Da Nang International Fireworks Festival."),
        ("h2", "Night-time products attract visitors"),
        ("p", "The city has extended the opening hours of the Son Tra night market and the walking streets along the Han "
              "River, while the Dragon Bridge fire and water show is now held three nights a week. Many travel firms "
              "have combined these night-time products with day trips to Hoi An and the Ba Na Hills."),
        ("fig", "vn-han-river-night.jpg", "Visitors stroll along the Han River walking street at night.", "Ngoc Ha"),
        ("p", "Hoteliers said average room occupancy in four- and five-star hotels reached 78 percent, while many "
              "homestays near the beach were fully booked on weekends. Room rates rose by around 10 percent compared "
              "with June but stayed lower than in the peak summer of 2019."),
        ("p", "Tourism officials warned, however, that price gouging at some beach kiosks and a shortage of trained "
              "staff could hurt the city's image. Inspection teams will be strengthened during the peak season until "
              "the end of August."),
        ("p", "The Department of Tourism expects Da Nang to welcome about 8.5 million visitors in 2024. In the "
              "autumn, the city will host a food festival and a marathon along the coast to keep tourists coming "
              "after the summer holidays end."),
    ],
)

# --------------------------------------------------------------------------------------------------
# baoquangninh.vn
# --------------------------------------------------------------------------------------------------
BQN_HALONG = dict(
    site="baoquangninh", host="baoquangninh.vn", lang="vi",
    path="/ha-long-don-gan-6-trieu-luot-khach-trong-6-thang-dau-nam-3301245.html",
    alias="/ha-long-don-gan-6-trieu-luot-khach-trong-6-thang-dau-nam-3290877.html",
    section=("Kinh tế", "/kinh-te/"),
    title="Hạ Long đón gần 6 triệu lượt khách trong 6 tháng đầu năm",
    lead=("Sáu tháng đầu năm 2024, thành phố Hạ Long đón gần 6 triệu lượt khách du lịch, trong đó khách quốc tế "
          "đạt hơn 1,5 triệu lượt, tổng doanh thu từ du lịch ước đạt 14.500 tỷ đồng."),
    author="Thu Chung", published="2024-07-19T07:45:00+07:00", modified="2024-07-19T09:00:00+07:00",
    tags=["Hạ Long", "Du lịch", "Vịnh Hạ Long"],
    body=[
        ("p", "Theo Phòng Văn hóa và Thông tin thành phố Hạ Long, lượng khách đến địa phương trong nửa đầu năm tăng "
              "khoảng 12% so với cùng kỳ năm 2023. Lượng khách tham quan vịnh Hạ Long đạt hơn 1,6 triệu lượt, riêng "
              "khách quốc tế chiếm gần một nửa, chủ yếu đến từ Hàn Quốc, Trung Quốc và các nước châu Âu."),
        ("fig", "bqn-vinh-ha-long.jpg", "Tàu du lịch đưa khách tham quan vịnh Hạ Long.", "Thu Chung"),
        ("p", "Thành phố đã chủ động đa dạng hóa sản phẩm, đưa vào khai thác nhiều tuyến tham quan mới trên vịnh như "
              "tuyến chèo thuyền kayak ở hang Luồn, tuyến tàu đêm ngắm vịnh và tuyến kết nối Hạ Long với vịnh Bái Tử "
              "Long. Các khu vui chơi, mua sắm ở Bãi Cháy cũng kéo dài thời gian phục vụ đến nửa đêm."),
        ("h2", "Tăng cường quản lý điểm đến"),
        ("p", "Cùng với quảng bá, Hạ Long siết chặt công tác quản lý giá dịch vụ, niêm yết giá công khai tại các nhà "
              "hàng, cơ sở lưu trú và xử lý nghiêm các trường hợp chèo kéo khách. Lực lượng chức năng thường xuyên "
              "kiểm tra an toàn trên các tàu du lịch, nhất là trong mùa mưa bão."),
        ("fig", "bqn-bai-chay.jpg", "Du khách vui chơi tại bãi tắm Bãi Cháy.", "Thu Chung"),
        ("p", "Theo ông Nguyễn Mạnh Hà, Chủ tịch UBND thành phố Hạ Long, mục tiêu cả năm 2024 là đón 12 triệu lượt "
              "khách. Thành phố sẽ tiếp tục tổ chức chuỗi sự kiện văn hóa, thể thao hấp dẫn trong mùa hè và mở rộng "
              "hợp tác với các hãng hàng không để tăng chuyến bay quốc tế đến Cảng hàng không Vân Đồn."),
        ("p", "Các doanh nghiệp lữ hành trên địa bàn cũng đánh giá cao sự phục hồi của thị trường. Nhiều đơn vị cho "
              "biết lượng khách đặt tour tháng 7 và tháng 8 đã kín chỗ, đặc biệt là các tour nghỉ dưỡng trên du "
              "thuyền qua đêm và các tour kết hợp tham quan Yên Tử."),
    ],
)

BQN_CHUYENDOISO = dict(
    site="baoquangninh", host="baoquangninh.vn", lang="vi",
    path="/quang-ninh-day-manh-chuyen-doi-so-trong-cai-cach-hanh-chinh-3301318.html",
    section=("Thời sự", "/thoi-su/"),
    title="Quảng Ninh đẩy mạnh chuyển đổi số trong cải cách hành chính",
    lead=("Quảng Ninh đặt mục tiêu đến hết năm 2024 có 100% thủ tục hành chính đủ điều kiện được cung cấp dưới "
          "dạng dịch vụ công trực tuyến toàn trình, phục vụ người dân và doanh nghiệp mọi lúc, mọi nơi."),
    author="Hoàng Quỳnh", published="2024-07-19T15:20:00+07:00", modified="2024-07-19T16:00:00+07:00",
    tags=["Chuyển đổi số", "Cải cách hành chính", "Dịch vụ công trực tuyến"],
    encoding="windows-1258",
    body=[
        ("p", "Những năm qua, tỉnh Quảng Ninh luôn xác định cải cách hành chính gắn với chuyển đổi số là khâu đột phá "
              "để nâng cao năng lực cạnh tranh. Hiện nay, toàn tỉnh có hơn 1.600 thủ tục hành chính được cung cấp "
              "trực tuyến, tỷ lệ hồ sơ nộp qua mạng đạt trên 85%."),
        ("fig", "bqn-trung-tam-hanh-chinh-cong.jpg", "Người dân làm thủ tục tại Trung tâm Phục vụ hành chính công tỉnh.", "Hoàng Quỳnh"),
        ("strong", "Người dân được phục vụ tốt hơn"),
        ("p", "Tại Trung tâm Phục vụ hành chính công tỉnh, các ki-ốt tra cứu thông tin, máy lấy số tự động và hệ "
              "thống đánh giá mức độ hài lòng được bố trí thuận tiện. Nhiều thủ tục như cấp phiếu lý lịch tư pháp, "
              "đăng ký kinh doanh chỉ mất chưa đến một ngày làm việc."),
        ("p", "Ông Nguyễn Tiến Dũng, một người dân ở phường Hồng Hải, cho biết gia đình ông đã làm thủ tục chuyển "
              "nhượng đất hoàn toàn trên môi trường mạng, không phải đi lại nhiều lần như trước đây."),
        ("p", "Theo Sở Nội vụ, chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước "
              "tỉnh Quảng Ninh đã nhiều năm liền đứng đầu cả nước. Kết quả này có đóng góp quan trọng của việc số hóa "
              "hồ sơ, kết quả giải quyết thủ tục hành chính và kết nối dữ liệu giữa các ngành."),
        ("fig", "bqn-ky-so.jpg", "Cán bộ hướng dẫn người dân sử dụng chữ ký số.", "Hoàng Quỳnh"),
        ("p", "Trong thời gian tới, Sở Thông tin và Truyền thông sẽ phối hợp với các địa phương đẩy mạnh tuyên truyền, "
              "hướng dẫn người dân sử dụng tài khoản định danh điện tử, đồng thời tiếp tục đầu tư hạ tầng số tại các "
              "xã miền núi, hải đảo như Bình Liêu, Ba Chẽ và Cô Tô."),
        ("p", "Tỉnh cũng yêu cầu các sở, ngành công khai tiến độ giải quyết hồ sơ trên cổng dịch vụ công, xử lý "
              "nghiêm cán bộ gây phiền hà và coi sự hài lòng của người dân là thước đo hiệu quả công việc."),
    ],
)

BQN_VANDON = dict(
    site="baoquangninh", host="baoquangninh.vn", lang="vi",
    path="/van-don-phat-trien-nuoi-trong-thuy-san-ung-dung-cong-nghe-cao-3301402.html",
    section=("Kinh tế", "/kinh-te/"),
    title="Vân Đồn phát triển nuôi trồng thủy sản ứng dụng công nghệ cao",
    lead=("Huyện Vân Đồn đang chuyển đổi mạnh mẽ từ nuôi trồng thủy sản truyền thống sang mô hình ứng dụng công nghệ "
          "cao, sử dụng lồng bè bằng vật liệu HDPE thân thiện với môi trường."),
    author="Mạnh Trường", published="2024-07-20T08:05:00+07:00", modified="2024-07-20T08:30:00+07:00",
    tags=["Vân Đồn", "Thủy sản", "Nông nghiệp công nghệ cao"],
    mislabelled="text/html; charset=iso-8859-1",
    body=[
        ("p", "Với hơn 2.000 km² mặt biển cùng hệ thống đảo đá, đảo đất phong phú, Vân Đồn có nhiều lợi thế để phát "
              "triển nuôi trồng thủy sản. Năm 2023, sản lượng nuôi trồng của huyện đạt khoảng 14.000 tấn, chủ yếu là "
              "hàu, ngán, tu hài và cá biển."),
        ("fig", "bqn-long-be-hdpe.jpg", "Lồng bè nuôi cá bằng vật liệu HDPE tại xã Bản Sen.", "Mạnh Trường"),
        ("p", "Thực hiện chủ trương của tỉnh, đến nay toàn huyện đã chuyển đổi hơn 90% phao xốp sang phao HDPE. Nhiều "
              "hợp tác xã còn lắp đặt cảm biến đo nhiệt độ, độ mặn và oxy hòa tan, giúp người nuôi theo dõi môi trường "
              "nước qua điện thoại thông minh."),
        ("h2", "Hướng tới chuỗi giá trị bền vững"),
        ("p", "Anh Phạm Văn Tuấn, Giám đốc một hợp tác xã ở xã Minh Châu cho biết, nhờ áp dụng công nghệ mới, tỷ lệ hàu "
              "sống đạt trên 85%, năng suất tăng gần gấp đôi. Sản phẩm được thu mua ổn định và xuất bán đến các nhà "
              "hàng ở Hà Nội, Hải Phòng."),
        ("p", "Không chỉ các hợp tác xã, nhiều doanh nghiệp lớn cũng đầu tư vào lĩnh vực này. Một doanh nghiệp ở "
              "xã Quan Lạn đang triển khai vùng nuôi cá song, cá giò trong lồng tròn chịu được sóng gió cấp 10, "
              "kết hợp với dịch vụ du lịch trải nghiệm cho du khách."),
        ("fig", "bqn-thu-hoach-hau.jpg", "Người dân xã Minh Châu thu hoạch hàu.", "Mạnh Trường"),
        ("p", "Huyện Vân Đồn đang hoàn thiện quy hoạch vùng nuôi, giao mặt nước biển cho người dân và doanh nghiệp, đồng "
              "thời kêu gọi đầu tư nhà máy chế biến sâu nhằm nâng cao giá trị sản phẩm thủy sản của địa phương."),
        ("p", "Mục tiêu đến năm 2025, giá trị sản xuất thủy sản của Vân Đồn tăng bình quân 8% mỗi năm, trong đó "
              "trên 50% diện tích nuôi trồng được ứng dụng công nghệ cao và có chứng nhận an toàn thực phẩm."),
    ],
)


# ==================================================================================================
# baohatinh.vn: the "article__" (zce) family; monthly gzipped news sitemaps behind a sitemap index
# ==================================================================================================
HT_LUAXUAN = dict(
    site="baohatinh", host="baohatinh.vn", lang="vi",
    path="/ha-tinh-co-ban-hoan-thanh-thu-hoach-lua-vu-xuan-2024-post270112.html",
    section=("Nông nghiệp", "/nong-nghiep/"),
    title="Hà Tĩnh cơ bản hoàn thành thu hoạch lúa vụ xuân 2024",
    lead=("Đến ngày 5/6, nông dân Hà Tĩnh đã thu hoạch hơn 95% diện tích lúa vụ xuân, năng suất bình quân ước đạt "
          "58 tạ/ha, cao hơn cùng kỳ năm trước khoảng 2 tạ/ha."),
    author="Thu Phương", published="2024-06-05T10:30:00+07:00", modified="2024-06-05T11:00:00+07:00",
    image_date="2024/06/05",
    tags=["Vụ xuân", "Thu hoạch lúa", "Nông nghiệp Hà Tĩnh"],
    body=[
        ("p", "Vụ xuân năm nay, toàn tỉnh Hà Tĩnh gieo cấy gần 56.000 ha lúa, trong đó hơn 70% diện tích sử dụng các "
              "giống lúa chất lượng cao. Nhờ thời tiết thuận lợi và sự chỉ đạo sát sao của các cấp, các ngành, lúa "
              "sinh trưởng, phát triển tốt, ít sâu bệnh."),
        ("fig", "ht-thu-hoach-lua.jpg", "Nông dân xã Thạch Kênh thu hoạch lúa xuân bằng máy gặt đập liên hợp.", "Thu Phương"),
        ("p", "Tại các huyện Can Lộc, Thạch Hà và Cẩm Xuyên, máy gặt đập liên hợp được huy động tối đa, giúp bà con "
              "rút ngắn thời gian thu hoạch, giảm thất thoát sau thu hoạch. Tỷ lệ cơ giới hóa khâu thu hoạch toàn "
              "tỉnh đạt trên 90%."),
        ("h2", "Chủ động chuẩn bị cho vụ hè thu"),
        ("p", "Song song với thu hoạch, các địa phương đã chỉ đạo nông dân làm đất, vệ sinh đồng ruộng và chuẩn bị "
              "giống, vật tư để gieo cấy vụ hè thu đúng khung lịch thời vụ, né tránh mưa bão cuối vụ."),
        ("p", "Ông Nguyễn Văn Việt, Phó Giám đốc Sở Nông nghiệp và Phát triển nông thôn, cho biết ngành đã phối hợp "
              "với các công ty thủy nông bảo đảm đủ nước tưới, đồng thời khuyến cáo bà con sử dụng giống ngắn ngày, "
              "có khả năng chống chịu tốt để giảm rủi ro do thời tiết."),
        ("fig", "ht-lam-dat-he-thu.jpg", "Làm đất chuẩn bị gieo cấy vụ hè thu ở huyện Can Lộc.", "Thu Phương"),
        ("p", "Theo kế hoạch, vụ hè thu năm 2024 Hà Tĩnh gieo cấy khoảng 44.000 ha lúa, phấn đấu hoàn thành trước "
              "ngày 25/6. Các hợp tác xã được hỗ trợ chi phí mua giống lúa chất lượng và làm mạ khay, cấy máy nhằm "
              "tiết kiệm chi phí, nâng cao hiệu quả sản xuất cho người nông dân."),
    ],
)

HT_VUNGANG = dict(
    site="baohatinh", host="baohatinh.vn", lang="vi",
    path="/cang-vung-ang-don-tau-container-trong-tai-lon-nhat-tu-truoc-den-nay-post272345.html",
    section=("Kinh tế", "/kinh-te/"),
    title="Cảng Vũng Áng đón tàu container trọng tải lớn nhất từ trước đến nay",
    lead=("Sáng 18/7, cảng quốc tế Vũng Áng đón tàu container có trọng tải 45.000 tấn cập bến, mở ra cơ hội kết nối "
          "tuyến vận tải biển quốc tế trực tiếp cho hàng hóa của Hà Tĩnh và các tỉnh lân cận."),
    author="Trần Tuấn", published="2024-07-18T09:15:00+07:00", modified="2024-07-18T10:00:00+07:00",
    image_date="2024/07/18",
    tags=["Cảng Vũng Áng", "Khu kinh tế Vũng Áng", "Logistics"],
    body=[
        ("p", "Con tàu dài gần 230 m, xuất phát từ cảng Thượng Hải (Trung Quốc), cập cầu cảng số 2 sau hơn năm ngày "
              "hành trình. Đây là tàu container có trọng tải lớn nhất từng cập cảng Vũng Áng kể từ khi đi vào hoạt "
              "động."),
        ("fig", "ht-tau-container.jpg", "Tàu container trọng tải 45.000 tấn cập cầu cảng số 2 Vũng Áng.", "Trần Tuấn"),
        ("p", "Theo Ban Quản lý Khu kinh tế tỉnh, sáu tháng đầu năm 2024, sản lượng hàng hóa thông qua các cảng trong "
              "Khu kinh tế Vũng Áng đạt hơn 20 triệu tấn, tăng 12% so với cùng kỳ, trong đó hàng container tăng mạnh "
              "nhờ các tuyến vận tải mới."),
        ("h2", "Đầu tư hạ tầng logistics đồng bộ"),
        ("p", "Để đón các tàu lớn, doanh nghiệp khai thác cảng đã đầu tư thêm cần cẩu giàn, mở rộng bãi chứa container "
              "và ứng dụng phần mềm quản lý cảng điện tử, giúp rút ngắn thời gian làm thủ tục cho chủ hàng."),
        ("p", "Lãnh đạo UBND tỉnh cho biết, Hà Tĩnh đang kêu gọi đầu tư trung tâm logistics quy mô lớn gắn với cảng "
              "biển, đồng thời kiến nghị Trung ương sớm nâng cấp tuyến đường kết nối từ cảng đến quốc lộ 1 và cao tốc "
              "Bắc Nam."),
        ("fig", "ht-bai-container.jpg", "Bãi chứa container mới được mở rộng tại cảng Vũng Áng.", "Trần Tuấn"),
        ("p", "Việc khai thác tuyến container quốc tế được kỳ vọng giảm đáng kể chi phí vận chuyển cho doanh nghiệp "
              "sản xuất, xuất nhập khẩu trong khu kinh tế, góp phần đưa Vũng Áng trở thành trung tâm logistics của "
              "khu vực Bắc Trung Bộ và hành lang kinh tế Đông Tây."),
    ],
)

HT_THIENCAM = dict(
    site="baohatinh", host="baohatinh.vn", lang="vi",
    path="/bien-thien-cam-nhon-nhip-du-khach-trong-cao-diem-he-post272480.html",
    section=("Du lịch", "/du-lich/"),
    title="Biển Thiên Cầm nhộn nhịp du khách trong cao điểm hè",
    lead=("Những ngày cuối tuần tháng 7, khu du lịch biển Thiên Cầm đón hàng chục nghìn lượt khách đến tắm biển, "
          "nghỉ dưỡng và thưởng thức hải sản tươi ngon."),
    author="Hoài Nam", published="2024-07-20T16:45:00+07:00", modified="2024-07-20T17:10:00+07:00",
    image_date="2024/07/20",
    tags=["Thiên Cầm", "Du lịch biển", "Du lịch Hà Tĩnh"],
    body=[
        ("p", "Từ sáng sớm, bãi biển Thiên Cầm dài hơn 3 km đã rộn ràng tiếng cười nói của du khách. Nhiều gia đình "
              "từ Nghệ An, Quảng Bình và các tỉnh phía Bắc chọn nơi đây làm điểm dừng chân trong kỳ nghỉ hè."),
        ("fig", "ht-bai-bien-thien-cam.jpg", "Du khách tắm biển tại khu du lịch Thiên Cầm.", "Hoài Nam"),
        ("p", "Theo Ban Quản lý khu du lịch, từ đầu tháng 6 đến nay, Thiên Cầm đã đón khoảng 350.000 lượt khách, tăng "
              "gần 15% so với cùng kỳ năm trước. Các khách sạn, nhà nghỉ ven biển thường xuyên kín phòng vào dịp cuối "
              "tuần."),
        ("h2", "Giữ gìn môi trường và an ninh trật tự"),
        ("p", "Chính quyền địa phương đã bố trí lực lượng cứu hộ thường trực, cắm biển cảnh báo tại các khu vực nguy "
              "hiểm và tổ chức thu gom rác thải hằng ngày. Các cơ sở kinh doanh ăn uống được yêu cầu niêm yết giá công "
              "khai, không chèo kéo khách."),
        ("p", "Chị Lê Thị Hương, du khách đến từ Hà Nội, chia sẻ gia đình chị rất ấn tượng với làn nước trong xanh, "
              "không khí trong lành và sự thân thiện của người dân nơi đây."),
        ("fig", "ht-hai-san-thien-cam.jpg", "Hải sản tươi sống được bày bán tại chợ Thiên Cầm.", "Hoài Nam"),
        ("p", "Thời gian tới, huyện Cẩm Xuyên sẽ tiếp tục kêu gọi đầu tư các dự án nghỉ dưỡng, vui chơi giải trí chất "
              "lượng cao, đa dạng hóa sản phẩm du lịch để kéo dài mùa du lịch biển và thu hút khách quay trở lại."),
    ],
)


# ==================================================================================================
# baothanhhoa.vn: the "#dcontent" family; an Atom feed and section pages with a "Trang sau" link
# ==================================================================================================
TH_SAMSON = dict(
    site="baothanhhoa", host="baothanhhoa.vn", lang="vi",
    path="/sam-son-don-hon-3-trieu-luot-khach-trong-6-thang-dau-nam-218765.htm",
    section=("Thời sự", "/thoi-su/"),
    title="Sầm Sơn đón hơn 3 triệu lượt khách trong 6 tháng đầu năm",
    lead=("Sáu tháng đầu năm 2024, thành phố biển Sầm Sơn đón hơn 3 triệu lượt khách, tổng thu từ du lịch ước đạt "
          "gần 6.000 tỷ đồng, tăng 18% so với cùng kỳ năm trước."),
    author="Minh Hiếu", published="2024-07-19T14:20:00+07:00", modified="2024-07-19T15:00:00+07:00",
    image_date="2024/07/19",
    tags=["Sầm Sơn", "Du lịch Thanh Hóa"],
    body=[
        ("p", "Ngay từ đầu năm, thành phố Sầm Sơn đã xây dựng kế hoạch đón khách với nhiều sự kiện văn hóa, thể thao "
              "hấp dẫn như lễ hội Du lịch biển, chuỗi chương trình nghệ thuật đường phố và giải thể thao bãi biển."),
        ("fig", "th-bai-bien-sam-son.jpg", "Bãi biển Sầm Sơn đông đúc du khách dịp cuối tuần.", "Minh Hiếu"),
        ("p", "Các cơ sở lưu trú trên địa bàn đã được nâng cấp, nhiều khách sạn đạt tiêu chuẩn từ ba đến năm sao đi "
              "vào hoạt động, đáp ứng nhu cầu của du khách trong nước và quốc tế. Công suất sử dụng phòng vào cao điểm "
              "hè đạt trên 90%."),
        ("strong", "Văn minh du lịch được nâng lên"),
        ("p", "Thành phố tiếp tục siết chặt quản lý giá dịch vụ, xử lý nghiêm các trường hợp chèo kéo, ép giá khách. "
              "Đường dây nóng tiếp nhận phản ánh của du khách hoạt động 24/24 giờ và được phản hồi kịp thời."),
        ("p", "Anh Nguyễn Văn Long, du khách đến từ Hà Nội, cho biết so với những năm trước, dịch vụ ở Sầm Sơn đã "
              "chuyên nghiệp hơn, giá cả được niêm yết rõ ràng và bãi biển sạch sẽ hơn nhiều."),
        ("fig", "th-pho-di-bo.jpg", "Phố đi bộ ven biển thu hút đông đảo du khách vào buổi tối.", "Minh Hiếu"),
        ("p", "Trong những tháng cuối năm, Sầm Sơn sẽ tập trung phát triển các sản phẩm du lịch bốn mùa như du lịch "
              "hội nghị, thể thao và ẩm thực, hướng tới mục tiêu đón 6,5 triệu lượt khách trong năm 2024."),
    ],
)

TH_VENBIEN = dict(
    site="baothanhhoa", host="baothanhhoa.vn", lang="vi",
    path="/thanh-hoa-khoi-cong-duong-ven-bien-doan-qua-huyen-quang-xuong-214321.htm",
    section=("Thời sự", "/thoi-su/"),
    title="Thanh Hóa khởi công đường ven biển đoạn qua huyện Quảng Xương",
    lead=("Sáng 10/5, UBND tỉnh Thanh Hóa tổ chức khởi công dự án đường bộ ven biển đoạn qua huyện Quảng Xương với "
          "tổng mức đầu tư hơn 1.200 tỷ đồng."),
    author="Lê Hà", published="2024-05-10T11:05:00+07:00", modified="2024-05-10T12:00:00+07:00",
    image_date="2024/05/10",
    tags=["Đường ven biển", "Quảng Xương"],
    body=[
        ("p", "Dự án có chiều dài khoảng 16 km, điểm đầu giáp thành phố Sầm Sơn, điểm cuối nối với đoạn đã đầu tư "
              "qua thị xã Nghi Sơn. Đường được thiết kế theo tiêu chuẩn đường cấp III đồng bằng, bốn làn xe."),
        ("fig", "th-khoi-cong-ven-bien.jpg", "Các đại biểu thực hiện nghi thức khởi công dự án.", "Lê Hà"),
        ("p", "Khi hoàn thành, tuyến đường sẽ kết nối các khu du lịch, khu công nghiệp và cảng biển dọc bờ biển của "
              "tỉnh, tạo động lực phát triển kinh tế biển và góp phần bảo đảm quốc phòng, an ninh vùng ven biển."),
        ("strong", "Bảo đảm tiến độ giải phóng mặt bằng"),
        ("p", "Phát biểu tại lễ khởi công, lãnh đạo tỉnh yêu cầu huyện Quảng Xương tập trung làm tốt công tác giải "
              "phóng mặt bằng, bố trí tái định cư chu đáo cho các hộ dân bị ảnh hưởng, không để người dân chịu thiệt "
              "thòi."),
        ("p", "Các nhà thầu được yêu cầu huy động đủ máy móc, nhân lực, thi công đúng thiết kế và bảo đảm an toàn lao "
              "động, vệ sinh môi trường trong suốt quá trình thực hiện dự án."),
        ("fig", "th-mat-bang-ven-bien.jpg", "Mặt bằng thi công đoạn đầu tuyến tại xã Quảng Nham.", "Lê Hà"),
        ("p", "Theo kế hoạch, dự án sẽ hoàn thành và đưa vào sử dụng trong năm 2026. Trước đó, tỉnh đã đầu tư nhiều "
              "đoạn tuyến ven biển qua thành phố Sầm Sơn, huyện Hoằng Hóa và thị xã Nghi Sơn."),
    ],
)
