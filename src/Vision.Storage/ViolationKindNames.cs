using Vision.Domain.Violations;


namespace Vision.Storage;

/// <summary>How Vietnamese officers and citizens name each violation (wording after Decree 168/2024/NĐ-CP).</summary>
public static class ViolationKindNames
{
    public static string Vietnamese(ViolationKind kind) => kind switch
    {
        ViolationKind.RedLight => "Không chấp hành hiệu lệnh của đèn tín hiệu giao thông (vượt đèn đỏ)",
        ViolationKind.WrongWay => "Đi ngược chiều của đường một chiều hoặc đường có biển cấm đi ngược chiều",
        ViolationKind.IllegalParking => "Đỗ xe không đúng quy định",
        ViolationKind.IllegalStopping => "Dừng xe không đúng quy định",
        ViolationKind.Sidewalk => "Điều khiển xe đi trên hè phố",
        ViolationKind.Speeding => "Điều khiển xe chạy quá tốc độ quy định",
        ViolationKind.SolidLineCrossing => "Đi đè lên vạch kẻ đường liền",
        ViolationKind.LaneNotAllowed => "Đi không đúng phần đường, làn đường quy định",
        ViolationKind.MotorbikeOverloaded => "Chở quá số người quy định",
        ViolationKind.AnimalOnRoad => "Để súc vật đi trên đường bộ",
        ViolationKind.NoHelmet => "Không đội mũ bảo hiểm khi điều khiển xe mô tô, xe gắn máy",
        ViolationKind.SidewalkEncroachment => "Buôn bán, bày hàng hóa lấn chiếm vỉa hè",
        ViolationKind.SidewalkParkingLot => "Trông, giữ xe trái phép trên vỉa hè (bãi giữ xe sai quy định)",
        ViolationKind.LooseCattle => "Thả rông gia súc trên đường bộ",
        _ => kind.ToString(),
    };
}
