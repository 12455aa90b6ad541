"""The words synthetic records are written with: places, who did what and to what effect, names
of initiatives, and what a report around them says.

Where a record has English fields, its pool pairs each Vietnamese phrase with the English one,
so that both come from the same draw. Place names become English by losing their marks.
"""

from lessons.models import Lesson

# Every synthetic slug starts with it (mô phỏng, "simulated"), and every province is called
# "Tỉnh mô phỏng …": a synthetic row is recognisable wherever it shows up.
PREFIX = "mp-"

# ---- lessons and initiatives -------------------------------------------------------------
# Lesson texts other than the "chuyển đổi số" mentions must not contain a word that folds to
# "chuyen…" (chuyên, chuyến, chuyển): that keeps a search for "chuyen doi so" finding exactly
# the lessons that were drawn to mention it (reports.DIGITAL_SHARE).

# fmt: off
PLACE_NAMES = (
    "Đồng Sơn", "Thanh Hà", "Tân Lập", "Bình Minh", "Phú Xuân", "Hòa Lạc", "An Khánh", "Nghĩa Hưng",
    "Kim Sơn", "Yên Thịnh", "Đông Hải", "Bắc Lũng", "Nậm Cang", "Sử Pán", "Mường Khoa", "Hưng Đạo",
    "Quảng Phú", "Lạc Thủy", "Vĩnh Tường", "Tiên Lữ", "Hải Đường", "Đức Thọ", "Cẩm Khê", "Thạch Bàn",
    "Gia Lộc", "Ngọc Lặc", "Xuân Trường", "Sơn Động", "Lục Ngạn", "Võ Nhai", "Định Hóa", "Bảo Yên",
    "Mai Châu", "Tủa Chùa", "Điện Quang", "Hồng Phong", "Minh Đức", "Phúc Thịnh", "Thái Hòa", "Cửa Nam",
    "Ấm Thượng", "Ỷ La", "Nà Hang", "Pác Nặm", "Khánh Thiện", "Thượng Lâm", "Lũng Cú", "Vạn Xuân",
    "Đào Viên", "Tường Vân",
)
# fmt: on

# Who drew the lesson: (Vietnamese, English).
SUBJECTS = (
    ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Office of the Provincial People's Committee"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "Provincial Public Administration Service Centre"),
    ("Bộ phận Một cửa cấp huyện", "District one-stop desk"),
    ("Tỉnh đoàn", "Provincial Youth Union"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union"),
    ("Bưu điện tỉnh", "Provincial Post Office"),
    ("Sở Y tế", "Department of Health"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
    ("Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
    ("Công an tỉnh", "Provincial Police"),
    ("Đài Phát thanh và Truyền hình tỉnh", "Provincial Radio and Television Station"),
    ("Ủy ban nhân dân cấp xã", "Commune People's Committee"),
    ("Liên minh Hợp tác xã tỉnh", "Provincial Cooperative Alliance"),
    ("Sở Tư pháp", "Department of Justice"),
)

# What was done: verbs (Vietnamese, English base form) and their objects.
ACTIONS = (
    ("số hóa", "digitise"),
    ("triển khai", "roll out"),
    ("nâng cấp", "upgrade"),
    ("đẩy mạnh", "step up"),
    ("mở rộng", "expand"),
    ("hướng dẫn người dân sử dụng", "guide citizens in using"),
    ("thử nghiệm", "pilot"),
    ("chuẩn hóa", "standardise"),
    ("kết nối", "connect"),
    ("phổ cập", "popularise"),
    ("tập huấn cán bộ về", "train officials on"),
    ("kiểm tra định kỳ", "regularly check"),
    ("đầu tư cho", "invest in"),
    ("công khai", "publish"),
    ("tích hợp", "integrate"),
)
OBJECTS = (
    ("hồ sơ thủ tục hành chính", "administrative procedure files"),
    ("dịch vụ công trực tuyến toàn trình", "end-to-end online public services"),
    ("thanh toán không dùng tiền mặt", "cashless payment"),
    ("sổ sức khỏe điện tử", "electronic health records"),
    ("học bạ điện tử", "electronic school records"),
    ("dữ liệu đất đai", "land data"),
    ("camera giám sát an ninh", "security cameras"),
    ("sàn thương mại điện tử cho nông sản", "e-commerce platforms for farm produce"),
    ("mạng cáp quang đến thôn, bản", "fibre-optic cable to villages"),
    ("chữ ký số cho cán bộ, công chức", "digital signatures for civil servants"),
    ("ứng dụng công dân số", "the digital citizen app"),
    ("hệ thống quản lý văn bản và điều hành", "the document management system"),
    ("kỹ năng số cho người dân", "digital skills for citizens"),
    ("điểm phát sóng wifi công cộng", "public wifi hotspots"),
    ("bản đồ số du lịch", "a digital tourism map"),
    ("mã truy xuất nguồn gốc nông sản", "traceability codes for farm produce"),
    ("cơ sở dữ liệu dân cư", "the population database"),
    ("hội nghị trực tuyến đến cấp xã", "online meetings down to commune level"),
)
# How or with what effect: (Vietnamese clause, English participial clause).
GAINS = (
    ("nhờ đó rút ngắn thời gian xử lý hồ sơ", "cutting the time needed to process files"),
    ("giúp người dân không phải đi lại nhiều lần", "so that citizens no longer travel back and forth"),
    ("với sự tham gia của đoàn viên thanh niên", "with help from youth union members"),
    ("lấy người dân và doanh nghiệp làm trung tâm", "putting citizens and businesses at the centre"),
    ("trước khi nhân rộng ra toàn tỉnh", "before scaling it up across the province"),
    ("bằng nguồn kinh phí xã hội hóa", "with privately mobilised funding"),
    ("gắn với trách nhiệm của người đứng đầu", "making the head of each unit accountable"),
    ("kết hợp tuyên truyền trên loa truyền thanh cơ sở", "backed by announcements on village loudspeakers"),
    ("để đồng bào dân tộc thiểu số dễ tiếp cận", "so that ethnic-minority communities can use it easily"),
    ("sử dụng hạ tầng sẵn có của Bưu điện", "using the Post Office's existing network"),
    ("có sổ theo dõi kết quả từng tháng", "tracking the results month by month"),
    ("ưu tiên các xã vùng sâu, vùng xa", "giving priority to remote communes"),
)
TITLE_TAILS = (
    ("", ""),
    (" ở cấp xã", " at commune level"),
    (" tại vùng cao", " in the highlands"),
    (" cho đồng bào dân tộc thiểu số", " for ethnic-minority communities"),
    (" từ thôn, bản", " starting from the villages"),
)
# The only lesson phrases with "chuyển đổi số" (a title suffix, an excerpt ending).
DIGITAL_TITLE = (" trong chuyển đổi số", " in digital transformation")
DIGITAL_ENDINGS = (
    ", góp phần đẩy nhanh chuyển đổi số ở địa phương",
    ", coi đây là khâu đột phá của chuyển đổi số",
    " theo kế hoạch chuyển đổi số của tỉnh",
)

# Each kind of lesson is told its own way: (Vietnamese sentence, English summary).
LESSON_TEMPLATES = {
    Lesson.Kind.LESSON: (
        "{where}bài học rút ra là {subject} phải {verb} {obj}, {gain}.",
        "Lesson drawn: the {subject} should {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.CHALLENGE: (
        "{where}khó khăn lớn nhất của {subject} là việc {verb} {obj} còn chậm, nhất là ở vùng sâu, vùng xa.",
        "Main difficulty for the {subject}: efforts to {verb} {obj} are slow, especially in remote areas.",
    ),
    Lesson.Kind.TASK: (
        "{where}{subject} được giao nhiệm vụ {verb} {obj}, {gain}.",
        "The {subject} is tasked to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.SOLUTION: (
        "{where}để khắc phục, {subject} đã {verb} {obj}, {gain}.",
        "To address this, the {subject} chose to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.PROPOSAL: (
        "{where}{subject} đề nghị tỉnh hỗ trợ kinh phí để {verb} {obj}, {gain}.",
        "The {subject} asks the province for funding to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.RESULT: (
        "{where}sau một năm, {subject} đã {verb} {obj}, {gain}.",
        "Within a year, the {subject} managed to {verb} {obj}, {gain}.",
    ),
}

INITIATIVE_NAMES = (
    ("Chợ 4.0", "4.0 Market"),
    ("Thôn bản thông minh", "Smart village"),
    ("Bình dân học vụ số", "Digital literacy for all"),
    ("Ngày thứ Bảy cùng dân", "Saturdays with the people"),
    ("Tổ hỗ trợ dịch vụ công", "Public service help team"),
    ("Trường học số", "Digital school"),
    ("Trạm y tế thông minh", "Smart health station"),
    ("Hợp tác xã số", "Digital cooperative"),
    ("Du lịch thông minh", "Smart tourism"),
    ("Phường không dùng tiền mặt", "Cashless ward"),
    ("Sổ tay đảng viên điện tử", "Electronic party member handbook"),
    ("Camera an ninh thôn xóm", "Neighbourhood security cameras"),
    ("Bản đồ số nông sản", "Digital farm produce map"),
    ("Tuyến phố thanh toán số", "Digital payment street"),
    ("Gian hàng đặc sản trực tuyến", "Online specialty stall"),
    ("Một cửa không chờ", "One-stop desk without queues"),
    ("Mỗi người dân một danh tính số", "A digital identity for every citizen"),
    ("Đưa sản phẩm OCOP lên sàn", "OCOP products online"),
)
INITIATIVE_FORMS = (
    ("Mô hình “{x}”", "“{x}” model"),
    ("Dự án “{x}”", "“{x}” project"),
    ("Phong trào “{x}”", "“{x}” campaign"),
    ("Sáng kiến “{x}”", "“{x}” initiative"),
    ("Đề án “{x}”", "“{x}” scheme"),
)
# {place}: the locality, or the whole province; {name} already says where when it is local.
INITIATIVE_TEMPLATES = (
    ("Từ năm {year}, {place} triển khai {name}, {gain}.", "Since {year}, {place_en} has run the {name}, {gain}."),
    ("Năm {year}, {subject} khởi động {name}, {gain}.", "In {year} the {subject} launched the {name}, {gain}."),
)

# ---- the reports around them -------------------------------------------------------------
# Report titles and fillers may say "chuyển đổi số": lessons do not search their report's text.
REPORT_TITLES = (
    ("{p} đẩy mạnh chuyển đổi số năm {y}", "{p} steps up digital transformation in {y}"),
    ("Kinh nghiệm xây dựng chính quyền số ở {p}", "Building digital government in {p}: lessons learned"),
    ("{p}: đưa dịch vụ công trực tuyến đến gần người dân", "{p}: bringing online public services closer to citizens"),
    ("Sơ kết công tác chuyển đổi số của {p} năm {y}", "Review of digital transformation in {p}, {y}"),
    ("Những cách làm hay trong phát triển kinh tế số ở {p}", "Good practices in the digital economy of {p}"),
    (
        "Kết quả thực hiện nghị quyết về chuyển đổi số của {p}",
        "Implementing the digital transformation resolution in {p}",
    ),
)
PUBLISHERS = (
    "Cổng thông tin điện tử tỉnh (mô phỏng)",
    "Bản tin Chuyển đổi số (mô phỏng)",
    "Tạp chí Thông tin và Truyền thông (mô phỏng)",
    "Đài Phát thanh và Truyền hình tỉnh (mô phỏng)",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Đỗ", "Bùi", "Ngô")
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang")
GIVEN_NAMES = ("An", "Bình", "Hà", "Lan", "Dũng", "Hương", "Tuấn", "Thảo", "Sơn", "Đạt")
# Sentences between the quoted ones, as in a real article; no record cites them.
FILLERS = (
    "Thời gian qua, công tác chuyển đổi số trên địa bàn tỉnh có nhiều chuyển biến tích cực.",
    "Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh nhấn mạnh yêu cầu làm đến đâu chắc đến đó.",
    "Nhiều cán bộ cơ sở thừa nhận ban đầu còn lúng túng khi sử dụng phần mềm mới.",
    "Người dân ở vùng cao đã quen dần với việc gửi hồ sơ qua mạng.",
    "Hạ tầng viễn thông được các doanh nghiệp đầu tư mở rộng đến tận thôn, bản.",
    "Tuy vậy, nguồn nhân lực công nghệ thông tin ở cấp xã vẫn còn thiếu và yếu.",
    "Lãnh đạo tỉnh xác định người dân là trung tâm, là chủ thể của quá trình chuyển đổi số.",
    "Phong trào được các tầng lớp nhân dân hưởng ứng, lan tỏa rộng khắp.",
    "Kinh phí dành cho ứng dụng công nghệ thông tin hằng năm còn hạn chế.",
    "Đặc biệt, tỉnh chú trọng bảo đảm an toàn, an ninh mạng trong mọi hoạt động.",
    "Các sở, ngành đã chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh.",
    "Ông Đặng Văn Hùng, một người dân trong xã, cho biết giờ đây nộp hồ sơ không còn mất nhiều thời gian.",
    "Bên cạnh kết quả đạt được, việc triển khai còn một số tồn tại cần sớm khắc phục.",
    "Năm tới, tỉnh tiếp tục ưu tiên nguồn lực cho hạ tầng số và dữ liệu số.",
    "Cấp ủy, chính quyền các cấp đã vào cuộc quyết liệt, đồng bộ.",
    "Đây là cách làm mới, phù hợp với điều kiện của một tỉnh miền núi còn nhiều khó khăn.",
)
