using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebOcperf.Data.Migrations
{
    /// <inheritdoc />
    public partial class HistoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Benchmarks_SessionId_Host",
                table: "Benchmarks",
                columns: new[] { "SessionId", "Host" });

            migrationBuilder.CreateIndex(
                name: "IX_Benchmarks_SessionId_Status",
                table: "Benchmarks",
                columns: new[] { "SessionId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Benchmarks_SessionId_Host",
                table: "Benchmarks");

            migrationBuilder.DropIndex(
                name: "IX_Benchmarks_SessionId_Status",
                table: "Benchmarks");
        }
    }
}
